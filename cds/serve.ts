import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { CdsConfig } from './config';
import { createCdsService, type CdsService, type CdsServiceOptions } from './service';

export interface ServedCdsService {
  /** Where the service listens, e.g. http://localhost:5174. */
  url: string;
  service: CdsService;
  config: CdsConfig;
  close: () => Promise<void>;
}

/**
 * The service on Node's HTTP server. The configuration is made once the port is known, so port 0 (any free port)
 * works for tests and for a sandbox that must not collide with another checkout's.
 */
export async function serveCdsService(
  configFor: (listeningUrl: string) => CdsConfig,
  listen: { port: number; hostname: string },
  options: CdsServiceOptions = {},
): Promise<ServedCdsService> {
  const mounted: { service?: CdsService } = {};
  const server: ServerType = serve({
    fetch: (request: Request) => mounted.service?.app.fetch(request) ?? new Response(null, { status: 503 }),
    port: listen.port,
    hostname: listen.hostname,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const url = `http://${listen.hostname}:${String((server.address() as AddressInfo).port)}`;
  const config = configFor(url);
  const service = createCdsService(config, options);
  mounted.service = service;
  return {
    url,
    service,
    config,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

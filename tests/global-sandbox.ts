import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { createSandbox } from '../mocks/sandbox/sandbox';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxOrigin: string;
  }
}

/**
 * One sandbox EHR over real loopback HTTP for the DOM tests. It runs here, in Vitest's Node process, because
 * jsdom's globals (its own Uint8Array) break the OAuth server's JWT signing inside a jsdom test.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const httpServer = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${String((httpServer.address() as AddressInfo).port)}`;
  const sandbox = await createSandbox({ origin, largeChart: false });
  httpServer.on('request', (req, res) => {
    sandbox.middleware(req, res, () => res.writeHead(404).end());
  });
  project.provide('sandboxOrigin', origin);
  return () =>
    new Promise<void>((resolve) => {
      httpServer.close(() => {
        resolve();
      });
    });
}

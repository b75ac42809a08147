import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { securityHeaders } from '../../deploy/generate-headers.mjs';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticHost {
  origin: string;
  /** Every path asked of the host, in order. */
  requested: string[];
  stop: () => Promise<void>;
}

/**
 * `dir` served as plain static files on loopback (any free port), with the headers Lantern is deployed with and a
 * policy that lets the page connect to no origin but its own: what a hospital's static host does, nothing more.
 */
export async function serveStatic(dir: string): Promise<StaticHost> {
  const root = path.resolve(dir);
  const headers = securityHeaders({ connectOrigins: [], frameOrigins: [] });
  const requested: string[] = [];
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requested.push(pathname);
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    for (const [name, value] of headers) response.setHeader(name, value);
    if (!file.startsWith(`${root}${path.sep}`) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${String(port)}`,
    requested,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

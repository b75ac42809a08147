import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LaunchContext } from './auth/launch-context';
import { encodeLaunch } from './auth/launch-context';
import { obtainToken, type TokenResponse } from './auth/token-client';
import { createSandbox, sandboxClientId, type Sandbox, type SandboxOptions } from './sandbox';

/** Test helpers: a sandbox on real loopback HTTP, since the OAuth flow needs a real origin, and EHR launches into it. */

export interface ServedSandbox {
  sandbox: Sandbox;
  close: () => Promise<void>;
}

export async function serveSandbox(options: Omit<SandboxOptions, 'origin'> = {}): Promise<ServedSandbox> {
  const httpServer = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${String((httpServer.address() as AddressInfo).port)}`;
  const sandbox = await createSandbox({ largeChart: false, ...options, origin });
  httpServer.on('request', (req, res) => {
    sandbox.middleware(req, res, () => res.writeHead(404).end());
  });
  return {
    sandbox,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => {
          resolve();
        });
      }),
  };
}

/** The token response an EHR launch with this context and scope ends in, at `fhirBaseUrl` (default `/sandbox/fhir`). */
export function ehrLaunchToken(sandbox: Sandbox, context: LaunchContext, scope: string, fhirBaseUrl = sandbox.fhirBaseUrl): Promise<TokenResponse> {
  return obtainToken({
    issuer: sandbox.issuer,
    fhirBaseUrl,
    clientId: sandboxClientId,
    redirectUri: `${sandbox.origin}/index.html`,
    scope,
    launch: encodeLaunch(context),
  });
}

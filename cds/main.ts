import { CdsConfigError, loadCdsConfig } from './config';
import { serveCdsService } from './serve';

/** `npm run cds`: the service on LANTERN_CDS_PORT (default 5174), configured by the file LANTERN_CDS_CONFIG names. */
async function main(): Promise<void> {
  const config = await loadCdsConfig(process.env.LANTERN_CDS_CONFIG);
  const port = Number(process.env.LANTERN_CDS_PORT ?? 5174);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CdsConfigError('LANTERN_CDS_PORT must be a port number.');
  const hostname = process.env.LANTERN_CDS_HOST ?? 'localhost';
  const { url } = await serveCdsService(() => config, { port, hostname });
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service: 'lantern-cds', event: 'listening', detail: url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof CdsConfigError ? error.message : `The CDS service could not start: ${String(error)}`}\n`);
  process.exit(1);
});

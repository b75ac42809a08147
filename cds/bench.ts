import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientJwt, ehrIssuer, hookBody, hookPath, launchUrl, serveJwks, signingKey, syntheticEhr } from './test-harness';

/**
 * `npm run bench:cds`: the service as deployed (built, its own process), called over loopback with prefetch.
 * 1. Latency: sequential calls for the indicator adult and for the 10-year chart (after a warm-up), p50 and p95.
 * 2. Throughput: a bounded number of calls (each with its own JWT) from 10 connections with autocannon.
 */
const sequentialCalls = 200;
const warmUpCalls = 20;
const loadCalls = 4_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const key = await signingKey();
  const jwks = await serveJwks([key]);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${String(port)}`;
  const folder = await mkdtemp(join(tmpdir(), 'lantern-cds-bench-'));
  const configPath = join(folder, 'config.json');
  await writeFile(configPath, JSON.stringify({ publicUrl: baseUrl, launchUrl, trustedIssuers: [{ iss: ehrIssuer, jwksUrl: jwks.url }] }));
  const service = spawn(process.execPath, [fileURLToPath(new URL('main.js', import.meta.url))], {
    env: { ...process.env, LANTERN_CDS_CONFIG: configPath, LANTERN_CDS_PORT: String(port), LANTERN_CDS_HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(baseUrl);
    const ehr = await syntheticEhr({ largeChart: true });
    const audience = `${baseUrl}${hookPath}`;
    const rows: string[] = [];
    for (const patientKey of ['indicator-adult', 'large-chart'] as const) {
      const { context, prefetch } = await ehr.prefetchFor(patientKey);
      const body = JSON.stringify(hookBody(context, prefetch));
      const times: number[] = [];
      let cards = 0;
      for (let index = 0; index < warmUpCalls + sequentialCalls; index += 1) {
        const token = await clientJwt({ key, audience });
        const started = performance.now();
        const response = await fetch(audience, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
        const answer = (await response.json()) as { cards?: unknown[] };
        if (response.status !== 200) throw new Error(`The service answered ${String(response.status)}.`);
        if (index >= warmUpCalls) times.push(performance.now() - started);
        cards = answer.cards?.length ?? 0;
      }
      times.sort((a, b) => a - b);
      rows.push(
        `${patientKey.padEnd(16)} prefetch ${String(Math.round(body.length / 1024)).padStart(4)} KiB  cards ${String(cards)}  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  (${String(sequentialCalls)} calls)`,
      );
    }

    const { context, prefetch } = await ehr.prefetchFor('indicator-adult');
    const body = JSON.stringify(hookBody(context, prefetch));
    const tokens = await Promise.all(Array.from({ length: loadCalls + 100 }, () => clientJwt({ key, audience })));
    const result = await autocannon({
      url: baseUrl,
      connections: 10,
      amount: loadCalls,
      requests: [
        {
          method: 'POST',
          path: hookPath,
          body,
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${tokens.pop() ?? ''}` } }),
        },
      ],
    });
    rows.push(
      `load (indicator adult, 10 connections, ${String(loadCalls)} calls): ${Math.round(result.requests.total / result.duration)} calls/s, latency p50 ${String(result.latency.p50)} ms p97.5 ${String(result.latency.p97_5)} ms, non-2xx ${String(result.non2xx)}, errors ${String(result.errors)}`,
    );
    process.stdout.write(`Lantern CDS service (patient-view with prefetch, loopback)\n${rows.join('\n')}\n`);
  } finally {
    service.kill();
    await jwks.close();
  }
}

async function waitForHealth(baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The CDS service did not start.');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:cds failed: ${String(error)}\n`);
  process.exit(1);
});

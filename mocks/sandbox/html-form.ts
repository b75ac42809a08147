import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the sandbox's server-rendered pages (partner, care team) share: reading a posted form, sending a page. */

const MAX_FORM_BYTES = 16 * 1024;

/** The posted `application/x-www-form-urlencoded` form; rejects a body larger than a form needs. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new Error('The form is larger than the page sends.');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** No script on these pages, so the policy allows none; forms post only back to the sandbox. */
export function sendPage(res: ServerResponse, status: number, html: string): void {
  res
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
    })
    .end(html);
}

/** `2026-12-06 03:18 UTC` from a FHIR instant; the text as given when it is not one. */
export function instantText(instant: string | undefined): string {
  if (instant === undefined) return 'unknown';
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

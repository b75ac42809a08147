import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { setupMswServer } from '../../../tests/msw-server';
import { discoverScopeStyle, scopeStyleFor } from './smart-configuration';

const iss = 'https://ehr.example/fhir/R4';
const wellKnown = `${iss}/.well-known/smart-configuration`;
const server = setupMswServer();

describe('scopeStyleFor', () => {
  it.each<[string, unknown, 'v1' | 'v2']>([
    ['v1 and v2', { capabilities: ['launch-ehr', 'permission-v1', 'permission-v2'] }, 'v2'],
    ['v2 only', { capabilities: ['permission-v2'] }, 'v2'],
    ['v1 only', { capabilities: ['launch-ehr', 'permission-v1'] }, 'v1'],
    ['no permission capability (servers older than SMART 2.0)', { capabilities: ['launch-ehr', 'client-public'] }, 'v1'],
    ['no capabilities', { authorization_endpoint: 'https://ehr.example/authorize' }, 'v1'],
    ['capabilities that are not a list', { capabilities: 'permission-v2' }, 'v1'],
    ['a body that is not an object', 'permission-v2', 'v1'],
  ])('%s → %s', (_label, configuration, style) => {
    expect(scopeStyleFor(configuration)).toBe(style);
  });
});

describe('discoverScopeStyle', () => {
  it('reads the server’s smart-configuration, with or without a trailing slash on iss', async () => {
    server.use(http.get(wellKnown, () => HttpResponse.json({ capabilities: ['permission-v1', 'permission-v2'] })));
    await expect(discoverScopeStyle(iss)).resolves.toBe('v2');
    await expect(discoverScopeStyle(`${iss}/`)).resolves.toBe('v2');
  });

  it.each<[string, () => Response]>([
    ['404 (no SMART 2.0 discovery)', () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 404 })],
    ['a server error', () => new HttpResponse(null, { status: 503 })],
    ['a body that is not JSON', () => new HttpResponse('<html>sign in</html>', { headers: { 'content-type': 'text/html' } })],
    ['no answer at all', () => HttpResponse.error()],
  ])('falls back to v1, which every SMART server reads, on %s', async (_label, answer) => {
    server.use(http.get(wellKnown, answer));
    await expect(discoverScopeStyle(iss)).resolves.toBe('v1');
  });

  it('falls back to v1 when the server does not answer in time', async () => {
    vi.useFakeTimers();
    try {
      const style = discoverScopeStyle(iss, () => new Promise(() => undefined));
      await vi.advanceTimersByTimeAsync(8_000);
      await expect(style).resolves.toBe('v1');
    } finally {
      vi.useRealTimers();
    }
  });
});

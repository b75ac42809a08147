import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSameServer, isWithin, trustedUrl } from './trusted-url';

function url(value: string): URL {
  const result = trustedUrl(value, 'request');
  if (!result.url) throw new Error(`expected ${value} to be trusted: ${result.reason}`);
  return result.url;
}

describe('trustedUrl', () => {
  it.each([
    'https://fhir.mercy.example/api/FHIR/R4',
    'https://fhir.mercy.example/api/FHIR/R4/',
    'https://launch.example/v/r4/sim/eyJhIjoiMSJ9/fhir',
    'http://localhost:5173/sandbox/fhir',
    'http://127.0.0.1:4182/sandbox/fhir',
    'http://[::1]:8080/fhir',
    'https://fhir.example/R4/Patient/a.b-1',
  ])('accepts the server address %s', (value) => {
    expect(trustedUrl(value, 'server').reason).toBeUndefined();
  });

  it('resolves a path against the origin it is given', () => {
    expect(trustedUrl('/sandbox/fhir', 'server', 'https://lantern.example').url?.href).toBe('https://lantern.example/sandbox/fhir');
  });

  it.each<[string, string, RegExp]>([
    ['a dot-dot segment', 'https://ehr.example/sandbox/../../evil/fhir', /“\.\.”/],
    ['a dot segment', 'https://ehr.example/fhir/./Patient', /“\.”/],
    ['an encoded dot-dot', 'https://ehr.example/fhir/%2e%2e/evil', /“\.\.”/],
    ['an encoded dot-dot in capitals', 'https://ehr.example/fhir/%2E%2E/evil', /“\.\.”/],
    ['a half-encoded dot-dot', 'https://ehr.example/fhir/.%2E/evil', /“\.\.”/],
    ['a double-encoded dot-dot', 'https://ehr.example/fhir/%252e%252e/evil', /“\.\.”/],
    ['an encoded slash', 'https://ehr.example/fhir%2f..%2fevil', /separator/],
    ['an encoded backslash', 'https://ehr.example/fhir%5C..%5Cevil', /separator/],
    ['a backslash', 'https://ehr.example/fhir\\..\\evil', /backslash/],
    ['a tab the URL parser would drop', 'https://ehr.example/fhir/.\t./evil', /control/],
    ['userinfo', 'https://ehr.example@evil.example/fhir', /user name/],
    ['an empty userinfo', 'https://@ehr.example/fhir', /user name/],
    ['a password', 'https://user:secret@ehr.example/fhir', /user name/],
    ['a fragment', 'https://ehr.example/fhir#x', /fragment/],
    ['plain http', 'http://ehr.example/fhir', /https/],
    ['http to a host named like loopback', 'http://localhost.evil.example/fhir', /https/],
    ['another scheme', 'javascript:alert(1)', /https/],
    ['a query on a server address', 'https://ehr.example/fhir?tenant=a', /query/],
    ['something that is no URL', 'fhir', /not a valid URL/],
    ['a broken percent-encoding', 'https://ehr.example/fhir/%E0%A4%A', /percent-encoding/],
  ])('refuses %s', (_label, value, reason) => {
    expect(trustedUrl(value, 'server').reason).toMatch(reason);
  });

  it('allows a query on a request, but never a dot segment in its path', () => {
    expect(trustedUrl('https://ehr.example/fhir/Observation?code=a/b&_getpages=..', 'request').url).toBeDefined();
    expect(trustedUrl('https://ehr.example/fhir/%2e%2e/other-tenant/Observation?page=2', 'request').reason).toMatch(/“\.\.”/);
  });

  it('never accepts a path whose segments, decoded any number of times up to its limit, include a dot segment', () => {
    const dot = fc.constantFrom('.', '%2e', '%2E', '%252e', '%252E');
    const dotSegment = fc.tuple(dot, fc.option(dot, { nil: '' })).map(([first, second]) => first + second);
    const safeSegment = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
    fc.assert(
      fc.property(fc.array(safeSegment, { maxLength: 3 }), dotSegment, fc.array(safeSegment, { maxLength: 3 }), (before, middle, after) => {
        const value = `https://ehr.example/${[...before, middle, ...after].join('/')}`;
        expect(trustedUrl(value, 'request').url).toBeUndefined();
      }),
    );
  });

  it('accepts plain segments and keeps the path it was given', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), { maxLength: 5 }), (segments) => {
        const value = `https://ehr.example/${segments.join('/')}`;
        expect(trustedUrl(value, 'server').url?.pathname).toBe(`/${segments.join('/')}`);
      }),
    );
  });
});

describe('isWithin', () => {
  const tenantA = url('https://ehr.example/tenant-a');

  it('takes the base itself and what lies below it', () => {
    expect(isWithin(url('https://ehr.example/tenant-a'), tenantA)).toBe(true);
    expect(isWithin(url('https://ehr.example/tenant-a/'), tenantA)).toBe(true);
    expect(isWithin(url('https://ehr.example/tenant-a/Patient?_count=5'), tenantA)).toBe(true);
  });

  it('compares whole path segments, never a string prefix', () => {
    expect(isWithin(url('https://ehr.example/tenant-ab'), tenantA)).toBe(false);
    expect(isWithin(url('https://ehr.example/tenant-ab/Patient'), tenantA)).toBe(false);
    expect(isWithin(url('https://ehr.example/tenant'), tenantA)).toBe(false);
  });

  it('compares the origin exactly: scheme, host and port', () => {
    expect(isWithin(url('https://ehr.example.evil.example/tenant-a'), tenantA)).toBe(false);
    expect(isWithin(url('https://ehr.example:8443/tenant-a'), tenantA)).toBe(false);
    expect(isWithin(url('https://EHR.example:443/tenant-a'), tenantA)).toBe(true);
  });

  it('holds for any path: within means the base’s segments come first', () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,6}$/);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.array(segment, { maxLength: 4 }), (baseSegments, segments) => {
        const base = url(`https://ehr.example/${baseSegments.join('/')}`);
        const candidate = url(`https://ehr.example/${segments.join('/')}`);
        const prefix = baseSegments.every((value, index) => segments[index] === value) && baseSegments.length <= segments.length;
        expect(isWithin(candidate, base)).toBe(prefix);
      }),
    );
  });
});

describe('isSameServer', () => {
  it('ignores a trailing slash and nothing else', () => {
    expect(isSameServer(url('https://ehr.example/fhir/'), url('https://ehr.example/fhir'))).toBe(true);
    expect(isSameServer(url('https://ehr.example/fhir/x'), url('https://ehr.example/fhir'))).toBe(false);
  });
});

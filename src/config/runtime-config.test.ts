import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, defaultSystemBase, loadRuntimeConfig, openServerFor, parseConfig, registrationFor, type EhrRegistration, type LanternConfig } from './runtime-config';

const shippedConfigText = readFileSync(resolve(import.meta.dirname, '../../public/lantern.config.json'), 'utf8');
const shippedConfig: unknown = JSON.parse(shippedConfigText);
// Read as a file: code under src may not import the sandbox.
const sandboxConfig: unknown = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../mocks/sandbox/lantern.dev.config.json'), 'utf8'));

const appOrigin = 'https://lantern.example';

const hospitalConfig: Pick<LanternConfig, 'ehrs'> = {
  ehrs: [
    { label: 'Any SMART launcher session', issPrefix: 'https://launch.example/', clientId: 'lantern-launcher' },
    { label: 'Launcher, pinned session', iss: 'https://launch.example/v/r4/fhir', clientId: 'lantern-pinned' },
    { label: 'Mercy General', iss: 'https://fhir.mercy.example/api/FHIR/R4/', clientId: 'mercy-123' },
    { label: 'Bundled sandbox', iss: '/sandbox/fhir', clientId: 'lantern-sandbox' },
  ],
};

describe('parseConfig', () => {
  it('ships a configuration that registers no EHR and no open server: each organisation writes its own', () => {
    const config = parseConfig(shippedConfig);
    expect(config.ehrs).toEqual([]);
    expect(config.openServers).toEqual([]);
    expect(config.urgentContacts).toEqual([]);
    expect(registrationFor(config, 'http://localhost:5173/sandbox/fhir', 'http://localhost:5173')).toBeUndefined();
    expect(registrationFor(config, 'https://launch.smarthealthit.org/v/r4/fhir', 'https://lantern.example')).toBeUndefined();
  });

  it('accepts the development configuration the sandbox serves', () => {
    const config = parseConfig(sandboxConfig);
    expect(config.ehrs.length).toBeGreaterThan(0);
    for (const ehr of config.ehrs) {
      expect(ehr.clientId).not.toBe('');
      expect(ehr.iss ?? ehr.issPrefix).toBeDefined();
    }
    expect(registrationFor(config, 'http://localhost:5173/sandbox/fhir', 'http://localhost:5173')?.clientId).toBe('lantern-sandbox');
  });

  it('keeps what each registration says and labels the unlabelled', () => {
    const config = parseConfig({
      ehrs: [
        { label: 'Mercy General', iss: 'https://fhir.mercy.example/R4', clientId: 'mercy-123' },
        { issPrefix: 'https://launch.example/', clientId: 'lantern', unused: true },
      ],
    });
    expect(config.ehrs).toEqual<EhrRegistration[]>([
      { label: 'Mercy General', iss: 'https://fhir.mercy.example/R4', clientId: 'mercy-123' },
      { label: 'EHR 2', issPrefix: 'https://launch.example/', clientId: 'lantern' },
    ]);
  });

  it.each<[string, unknown]>([
    ['nothing', null],
    ['a list', []],
    ['no ehrs', { ehr: [] }],
    ['ehrs that are not a list', { ehrs: { iss: 'https://fhir.mercy.example/R4', clientId: 'mercy-123' } }],
  ])('rejects a file with %s', (_label, body) => {
    expect(() => parseConfig(body)).toThrow(ConfigError);
    expect(() => parseConfig(body)).toThrow(/`ehrs`/);
  });

  it.each<[string, unknown]>([
    ['no clientId', { iss: 'https://fhir.mercy.example/R4' }],
    ['an empty clientId', { iss: 'https://fhir.mercy.example/R4', clientId: '' }],
    ['a clientId that is not text', { iss: 'https://fhir.mercy.example/R4', clientId: 123 }],
    ['neither iss nor issPrefix', { clientId: 'mercy-123' }],
    ['empty iss and issPrefix', { clientId: 'mercy-123', iss: '', issPrefix: '' }],
  ])('rejects a registration with %s, saying which one', (_label, entry) => {
    const body = { ehrs: [{ iss: 'https://launch.example/fhir', clientId: 'fine' }, entry] };
    expect(() => parseConfig(body)).toThrow(ConfigError);
    expect(() => parseConfig(body)).toThrow(/registration 2 .*needs a clientId and an iss or issPrefix/);
  });

  it('reads the open servers, and has none unless listed', () => {
    expect(parseConfig({ ehrs: [] }).openServers).toEqual([]);
    const config = parseConfig({ ehrs: [], openServers: [{ label: 'Test HAPI', fhirServiceUrl: 'https://hapi.example/fhir' }, { fhirServiceUrl: '/sandbox/hapi-open/fhir' }] });
    expect(config.openServers).toEqual([
      { label: 'Test HAPI', fhirServiceUrl: 'https://hapi.example/fhir' },
      { label: 'Open server 2', fhirServiceUrl: '/sandbox/hapi-open/fhir' },
    ]);
  });

  it.each<[string, unknown]>([
    ['not a list', { fhirServiceUrl: 'https://hapi.example/fhir' }],
    ['an entry without fhirServiceUrl', [{ label: 'HAPI' }]],
    ['an entry that is not an object', [null]],
  ])('rejects openServers that is %s', (_label, openServers) => {
    expect(() => parseConfig({ ehrs: [], openServers })).toThrow(ConfigError);
  });

  // A `null` entry is a configuration mistake to report, not a TypeError from reading a property of it.
  it('reads the facility’s urgent numbers, the age of majority and each EHR’s record visibility', () => {
    const ehr = { iss: 'https://fhir.mercy.example/R4', clientId: 'mercy-123' };
    const config = parseConfig({
      ehrs: [{ ...ehr, recordVisibility: 'Restricted notes are not shown in the patient portal.' }, ehr],
      urgentContacts: [{ label: 'Security', number: '555-0100' }],
      ageOfMajority: 19,
    });
    expect(config.urgentContacts).toEqual([{ label: 'Security', number: '555-0100' }]);
    expect(config.ageOfMajority).toBe(19);
    expect(config.ehrs.map((registration) => registration.recordVisibility)).toEqual(['Restricted notes are not shown in the patient portal.', undefined]);
    const plain = parseConfig({ ehrs: [ehr] });
    expect(plain.urgentContacts).toEqual([]);
    expect(plain.ageOfMajority).toBe(18);
  });

  it('the sandbox’s development configuration has its facility’s urgent numbers and a record-visibility statement', () => {
    const config = parseConfig(sandboxConfig);
    expect(config.urgentContacts.map((contact) => contact.label)).toEqual(['Security', 'Social work on call', 'Forensic nurse']);
    expect(registrationFor(config, 'http://localhost:5173/sandbox/fhir', 'http://localhost:5173')?.recordVisibility).toMatch(/not shown in the patient portal/);
  });

  it('marks directory entries unverified after a year unless told otherwise', () => {
    expect(parseConfig({ ehrs: [] }).directoryStaleAfterDays).toBe(365);
    expect(parseConfig({ ehrs: [], directoryStaleAfterDays: 180 }).directoryStaleAfterDays).toBe(180);
    expect(parseConfig(sandboxConfig).directoryStaleAfterDays).toBe(365);
  });

  it.each<[string, unknown, RegExp]>([
    ['a directory period of no days', { directoryStaleAfterDays: 0 }, /directoryStaleAfterDays .* from 1 to 3650/],
    ['a directory period in text', { directoryStaleAfterDays: '365' }, /directoryStaleAfterDays/],
    ['a directory period that is not whole', { directoryStaleAfterDays: 30.5 }, /directoryStaleAfterDays/],
    ['an age of majority below 14', { ageOfMajority: 13 }, /from 14 to 21/],
    ['an age of majority above 21', { ageOfMajority: 22 }, /from 14 to 21/],
    ['an age of majority that is not whole', { ageOfMajority: 17.5 }, /from 14 to 21/],
    ['an age of majority as text', { ageOfMajority: '18' }, /from 14 to 21/],
    ['urgent contacts that are not a list', { urgentContacts: { label: 'Security', number: '555-0100' } }, /must be a list/],
    ['an urgent contact without a number', { urgentContacts: [{ label: 'Security' }] }, /Urgent contact 1 .* needs a label and a number/],
  ])('rejects %s', (_label, settings, message) => {
    expect(() => parseConfig({ ehrs: [{ iss: '/sandbox/fhir', clientId: 'lantern-sandbox' }], ...(settings as object) })).toThrow(message);
  });

  it('rejects a record-visibility statement that is not a sentence', () => {
    expect(() => parseConfig({ ehrs: [{ iss: '/sandbox/fhir', clientId: 'lantern-sandbox', recordVisibility: '' }] })).toThrow(/recordVisibility of EHR registration 1/);
  });

  it('rejects a registration that is not an object', () => {
    expect(() => parseConfig({ ehrs: [null] })).toThrow(ConfigError);
  });
});

describe('hideAfterIdleSeconds', () => {
  const ehrs = hospitalConfig.ehrs;

  it('is on by default, two minutes, and 0 turns it off', () => {
    expect(parseConfig({ ehrs }).hideAfterIdleSeconds).toBe(120);
    expect(parseConfig({ ehrs, hideAfterIdleSeconds: 0 }).hideAfterIdleSeconds).toBe(0);
    expect(parseConfig({ ehrs, hideAfterIdleSeconds: 45 }).hideAfterIdleSeconds).toBe(45);
  });

  it.each<unknown>([-1, 1.5, '120', 3601, null])('rejects %j with one sentence', (value) => {
    expect(() => parseConfig({ ehrs, hideAfterIdleSeconds: value })).toThrow(
      new ConfigError('The hideAfterIdleSeconds in Lantern’s configuration must be a whole number of seconds from 0 (off) to 3600.'),
    );
  });
});

describe('openServerFor', () => {
  const config = { openServers: [{ label: 'Test HAPI', fhirServiceUrl: 'https://hapi.example/fhir/' }, { label: 'Sandbox', fhirServiceUrl: '/sandbox/hapi-open/fhir' }] };

  it('matches a listed server exactly, with or without a trailing slash, and paths on Lantern’s origin', () => {
    expect(openServerFor(config, 'https://hapi.example/fhir', appOrigin)?.label).toBe('Test HAPI');
    expect(openServerFor(config, `${appOrigin}/sandbox/hapi-open/fhir/`, appOrigin)?.label).toBe('Sandbox');
  });

  it('never matches by prefix or on another origin', () => {
    expect(openServerFor(config, 'https://hapi.example/fhir/other', appOrigin)).toBeUndefined();
    expect(openServerFor(config, 'https://hapi.example/fhir-evil', appOrigin)).toBeUndefined();
    expect(openServerFor(config, 'https://attacker.example/sandbox/hapi-open/fhir', appOrigin)).toBeUndefined();
  });
});

describe('registrationFor', () => {
  it('resolves a path against Lantern’s own origin', () => {
    expect(registrationFor(hospitalConfig, `${appOrigin}/sandbox/fhir`, appOrigin)?.clientId).toBe('lantern-sandbox');
    expect(registrationFor(hospitalConfig, 'https://other.example/sandbox/fhir', appOrigin)).toBeUndefined();
  });

  it('ignores trailing slashes on either side', () => {
    expect(registrationFor(hospitalConfig, 'https://fhir.mercy.example/api/FHIR/R4', appOrigin)?.clientId).toBe('mercy-123');
    expect(registrationFor(hospitalConfig, 'https://fhir.mercy.example/api/FHIR/R4/', appOrigin)?.clientId).toBe('mercy-123');
    expect(registrationFor(hospitalConfig, `${appOrigin}/sandbox/fhir/`, appOrigin)?.clientId).toBe('lantern-sandbox');
  });

  it('prefers an exact iss over a prefix listed before it', () => {
    expect(registrationFor(hospitalConfig, 'https://launch.example/v/r4/fhir', appOrigin)?.clientId).toBe('lantern-pinned');
    expect(registrationFor(hospitalConfig, 'https://launch.example/v/r4/sim/eyJhIjoiMSJ9/fhir', appOrigin)?.clientId).toBe('lantern-launcher');
  });

  it('does not match an iss that only starts like a registered one', () => {
    expect(registrationFor(hospitalConfig, 'https://fhir.mercy.example/api/FHIR/R4-test', appOrigin)).toBeUndefined();
    expect(registrationFor(hospitalConfig, 'https://launch.example.attacker.example/fhir', appOrigin)).toBeUndefined();
  });

  it('is undefined for an EHR nobody registered', () => {
    expect(registrationFor(hospitalConfig, 'https://fhir.unknown.example/R4', appOrigin)).toBeUndefined();
    expect(registrationFor({ ehrs: [] }, 'https://fhir.mercy.example/api/FHIR/R4', appOrigin)).toBeUndefined();
  });
});

describe('loadRuntimeConfig', () => {
  const appBase = `${appOrigin}/lantern/launch.html?iss=x`;
  const configUrl = `${appOrigin}/lantern/lantern.config.json`;
  const server = setupServer();
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    server.resetHandlers();
  });
  afterAll(() => {
    server.close();
  });

  it('loads the file beside the page', async () => {
    server.use(http.get(configUrl, () => HttpResponse.text(shippedConfigText, { headers: { 'content-type': 'application/json' } })));
    await expect(loadRuntimeConfig(appBase)).resolves.toEqual(parseConfig(shippedConfig));
  });

  it('says the file could not be loaded on a 404', async () => {
    server.use(http.get(configUrl, () => new HttpResponse('Not found', { status: 404 })));
    const loading = loadRuntimeConfig(appBase);
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(loading).rejects.toThrow('(404)');
  });

  it('says the file could not be loaded when it is not JSON', async () => {
    server.use(http.get(configUrl, () => HttpResponse.text('{ "ehrs": [ ')));
    await expect(loadRuntimeConfig(appBase)).rejects.toThrow(ConfigError);
  });

  it('says the file could not be loaded when the network fails', async () => {
    server.use(http.get(configUrl, () => HttpResponse.error()));
    await expect(loadRuntimeConfig(appBase)).rejects.toThrow(ConfigError);
  });

  it('rejects a file that loads but is not a configuration', async () => {
    server.use(http.get(configUrl, () => HttpResponse.json({ clients: [] })));
    await expect(loadRuntimeConfig(appBase)).rejects.toThrow(/`ehrs`/);
  });
});

describe('sensitivityLabel', () => {
  const ehrs = hospitalConfig.ehrs;

  it('is on by default: everything written carries SDV unless the organisation turns it off', () => {
    expect(parseConfig({ ehrs }).sensitivityLabel).toBe(true);
    expect(parseConfig({ ehrs, sensitivityLabel: false }).sensitivityLabel).toBe(false);
  });

  it.each<unknown>(['no', 0, null])('rejects %j with one sentence', (value) => {
    expect(() => parseConfig({ ehrs, sensitivityLabel: value })).toThrow(
      new ConfigError('The sensitivityLabel in Lantern’s configuration must be true or false.'),
    );
  });
});

describe('systemBase', () => {
  const ehrs = hospitalConfig.ehrs;

  it('defaults to the placeholder base every earlier record was written under, so those stay Lantern’s', () => {
    expect(parseConfig({ ehrs }).systemBase).toBe('https://lantern.example/fhir');
    expect(defaultSystemBase).toBe('https://lantern.example/fhir');
  });

  it.each(['https://fhir.st-elsewhere.example/lantern', 'https://st-elsewhere.example', 'urn:oid:2.16.840.1.113883.3.9999', 'urn:oid:1.2'])(
    'takes the organisation’s own base %s as written',
    (systemBase) => {
      expect(parseConfig({ ehrs, systemBase }).systemBase).toBe(systemBase);
    },
  );

  it.each<unknown>([
    'https://fhir.st-elsewhere.example/lantern/',
    'http://fhir.st-elsewhere.example/lantern',
    '/lantern',
    'fhir.st-elsewhere.example/lantern',
    'https://fhir.st-elsewhere.example/lantern?x=1',
    'https://fhir.st-elsewhere.example/lantern#codes',
    'https://user:secret@fhir.st-elsewhere.example/lantern',
    ' https://fhir.st-elsewhere.example/lantern',
    'urn:oid:2.16.840.01',
    'urn:oid:3.1',
    'urn:oid:2.16.',
    'urn:uuid:6f1c2a3e-8b4d-4f5a-9c7e-1d2b3a4c5e6f',
    '',
    42,
    null,
  ])('rejects %j with one sentence', (systemBase) => {
    expect(() => parseConfig({ ehrs, systemBase })).toThrow(
      new ConfigError(
        'The systemBase in Lantern’s configuration must be your organisation’s https address without a trailing slash ' +
          '(https://fhir.hospital.example/lantern) or an OID (urn:oid:2.16.840.1.113883.3.9999).',
      ),
    );
  });
});

describe('allowedUserTypes and allowUnidentifiedUsers', () => {
  const ehrs = hospitalConfig.ehrs;

  it('let clinicians in by default, and nobody the EHR does not identify', () => {
    const config = parseConfig({ ehrs });
    expect(config.allowedUserTypes).toEqual(['Practitioner', 'PractitionerRole']);
    expect(config.allowUnidentifiedUsers).toBe(false);
  });

  it('take the organisation’s own list', () => {
    const config = parseConfig({ ehrs, allowedUserTypes: ['Practitioner', 'RelatedPerson'], allowUnidentifiedUsers: true });
    expect(config.allowedUserTypes).toEqual(['Practitioner', 'RelatedPerson']);
    expect(config.allowUnidentifiedUsers).toBe(true);
  });

  it.each<unknown>([[], 'Practitioner', ['practitioner'], ['Practitioner/1'], [7]])('reject allowedUserTypes %j with one sentence', (value) => {
    expect(() => parseConfig({ ehrs, allowedUserTypes: value })).toThrow(
      new ConfigError('The allowedUserTypes in Lantern’s configuration must list at least one FHIR resource type, such as "Practitioner".'),
    );
  });

  it('rejects an allowUnidentifiedUsers that is not true or false', () => {
    expect(() => parseConfig({ ehrs, allowUnidentifiedUsers: 'yes' })).toThrow(
      new ConfigError('The allowUnidentifiedUsers in Lantern’s configuration must be true or false.'),
    );
  });
});

describe('recordQuestionText', () => {
  const ehrs = hospitalConfig.ehrs;

  it('is off by default: the record does not repeat the questions’ wording', () => {
    expect(parseConfig({ ehrs }).recordQuestionText).toBe(false);
    expect(parseConfig({ ehrs, recordQuestionText: true }).recordQuestionText).toBe(true);
  });

  it.each<unknown>(['yes', 1, null])('rejects %j with one sentence', (value) => {
    expect(() => parseConfig({ ehrs, recordQuestionText: value })).toThrow(
      new ConfigError('The recordQuestionText in Lantern’s configuration must be true or false.'),
    );
  });
});

describe('registrationFor and openServerFor against crafted addresses', () => {
  const tenants: Pick<LanternConfig, 'ehrs'> = {
    ehrs: [
      { label: 'Tenant A', issPrefix: 'https://ehr.example/tenant-a', clientId: 'tenant-a' },
      { label: 'Sandbox', issPrefix: '/sandbox/', clientId: 'lantern-sandbox' },
    ],
  };

  it('does not let an issPrefix cover a longer path segment', () => {
    expect(registrationFor(tenants, 'https://ehr.example/tenant-a/fhir', appOrigin)?.clientId).toBe('tenant-a');
    expect(registrationFor(tenants, 'https://ehr.example/tenant-ab/fhir', appOrigin)).toBeUndefined();
  });

  it.each([
    `${appOrigin}/sandbox/../../evil/fhir`,
    `${appOrigin}/sandbox/%2e%2e/evil/fhir`,
    `${appOrigin}/sandbox/%2E%2E%2fevil/fhir`,
    'https://ehr.example/tenant-a/..%2ftenant-b/fhir',
    `https://user@${new URL(appOrigin).host}/sandbox/fhir`,
    'http://ehr.example/tenant-a/fhir',
    `${appOrigin}/sandbox/fhir#x`,
  ])('matches no registration for %s', (iss) => {
    expect(registrationFor(tenants, iss, appOrigin)).toBeUndefined();
  });

  it('refuses a crafted open server address', () => {
    const config = { openServers: [{ label: 'Sandbox', fhirServiceUrl: '/sandbox/hapi-open/fhir' }] };
    expect(openServerFor(config, `${appOrigin}/sandbox/hapi-open/fhir`, appOrigin)?.label).toBe('Sandbox');
    expect(openServerFor(config, `${appOrigin}/sandbox/hapi-open/fhir/x/%2e%2e`, appOrigin)).toBeUndefined();
    expect(openServerFor(config, 'http://lantern.example/sandbox/hapi-open/fhir', appOrigin)).toBeUndefined();
  });
});

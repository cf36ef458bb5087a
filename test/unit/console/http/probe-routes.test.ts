import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createLocalJWKSet } from 'jose';
import { createLocalIapSigner, type LocalIapSigner } from '../../../../local/iap/local-iap-signer';
import { IAP_ISSUER } from '../../../../shared/console/auth/iap-identity';
import { consoleApp } from '../../../../shared/console/http/console-app';
import type { ConsoleReads, ConsoleWrites } from '../../../../shared/console/read/console-reads';
import { createLogger } from '../../../../shared/kernel/log/logger';
import { type OrgRecord, orgRecordSchema } from '../../../../shared/orgs/org-record';
import { demoProbes, failingRecord, NOW } from '../probe-fixtures';

const AUDIENCE = '/projects/1/global/backendServices/9';
const EMAIL = 'viewer@msp.example';

const org = (name: string): OrgRecord =>
  orgRecordSchema.parse({
    name,
    displayName: name,
    enabled: true,
    language: 'en',
    createdAt: '2025-01-01T00:00:00Z',
  });

/** Only what the Probes page reads; any other read fails the test. */
function probeReads(calls: string[]): ConsoleReads & ConsoleWrites {
  const given: Partial<ConsoleReads> = {
    orgs: async () => [org('demo'), org('acme')],
    probeDefinitions: async () => [{ org: 'demo', probes: demoProbes }],
    async probeRounds(orgs) {
      calls.push(`probeRounds ${orgs?.join(',') ?? 'all'}`);
      return [failingRecord()].filter((r) => orgs === undefined || orgs.includes(r.org));
    },
    async probeHostNames(orgs) {
      calls.push(`probeHostNames ${orgs.join(',')}`);
      return new Map([['demo', new Map([['3xStaging01', 'staging01']])]]);
    },
  };
  return new Proxy(given, {
    get(target, key) {
      const read = target[key as keyof ConsoleReads];
      if (read === undefined) throw new Error(`the Probes page read ${String(key)}`);
      return read;
    },
  }) as ConsoleReads & ConsoleWrites;
}

describe('GET /probes', () => {
  let signer: LocalIapSigner;
  before(async () => {
    signer = await createLocalIapSigner(AUDIENCE);
  });
  const get = async (path: string, calls: string[] = []) => {
    const app = consoleApp({
      reads: probeReads(calls),
      users: {
        get: async (email) =>
          email === EMAIL
            ? { email, role: 'viewer', grantedBy: 'test', grantedAt: NOW.toISOString() }
            : undefined,
        list: async () => [],
        put: async () => {},
        remove: async () => false,
      },
      iapKeys: createLocalJWKSet(signer.jwks),
      iap: { audience: AUDIENCE, issuer: IAP_ISSUER },
      csrfKey: async () => Buffer.alloc(32, 7),
      logger: createLogger({}, () => {}),
      now: () => NOW,
      settings: { origin: 'https://console.test', mackerelBaseUrl: 'https://mackerel.io' },
      assets: { htmx: '' },
    });
    const response = await app.fetch(
      new Request(`https://console.test${path}`, {
        headers: { 'x-goog-iap-jwt-assertion': await signer.sign(EMAIL, { now: NOW }) },
      }),
    );
    return { status: response.status, html: await response.text() };
  };

  it('renders every org, naming hosts only of the orgs with something listed', async () => {
    const calls: string[] = [];
    const { status, html } = await get('/probes', calls);
    assert.equal(status, 200);
    assert.match(html, /data-testid="probe-failures"/);
    assert.match(html, /<tr data-org="demo" data-probe="staging-health" data-host="3xStaging01"/);
    assert.deepEqual(calls, ['probeRounds all', 'probeHostNames demo']);
  });

  it('reads only the org filtered on', async () => {
    const calls: string[] = [];
    const { status, html } = await get('/probes?org=acme', calls);
    assert.equal(status, 200);
    assert.deepEqual(calls, ['probeRounds acme', 'probeHostNames ']);
    assert.match(html, /No probes defined for acme/);
  });

  it('names an unknown org (404) and an unknown parameter (400)', async () => {
    const unknownOrg = await get('/probes?org=nobody');
    assert.equal(unknownOrg.status, 404);
    assert.match(unknownOrg.html, /no org nobody/);
    const unknownParam = await get('/probes?orgs=demo');
    assert.equal(unknownParam.status, 400);
    assert.match(unknownParam.html, /parameter &quot;orgs&quot;: unknown \(this page takes org\)/);
  });
});

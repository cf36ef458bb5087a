import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOPICS } from '../../../shared/kernel/topology';
import { readFixture } from '../../support/fixtures';
import { runFunctionUntilExit } from '../../support/function-start-failure';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../support/function-under-test';
import { registerToken } from '../../support/intake-env';
import { type QuietIntakeBackends, startQuietIntakeBackends } from '../../support/quiet-intake-backends';

/**
 * The intake's source-IP allow-list (Mackerel's published outgoing ranges), run for real: the intake
 * under the functions framework with INTAKE_SOURCE_ALLOWLIST set, the caller's address taken from
 * X-Forwarded-For counted from the right (INTAKE_TRUSTED_PROXY_HOPS), and a bad setting refusing to start.
 */

const TOKEN = 'acme-allowlist-token-0123456789';
const ALLOWLIST = '203.0.113.0/24,2001:db8::/32';
const OUTSIDE_V4 = '198.51.100.23';
const INSIDE_V4 = '203.0.113.7';

let backends: QuietIntakeBackends;
let oneHop: FunctionUnderTest;
let twoHops: FunctionUnderTest;

before(async () => {
  backends = await startQuietIntakeBackends();
  await registerToken(backends.db, 'acme-prod', TOKEN);
  const env = (hops: number) => ({
    INTAKE_SOURCE_ALLOWLIST: ALLOWLIST,
    INTAKE_TRUSTED_PROXY_HOPS: String(hops),
    INTAKE_PUBLISH_TIMEOUT_MS: '5000',
  });
  [oneHop, twoHops] = await Promise.all([
    startFunctionUnderTest('intake', 'intake', env(1)),
    startFunctionUnderTest('intake', 'intake', env(2)),
  ]);
});

after(async () => {
  await Promise.all([oneHop?.stop(), twoHops?.stop()]);
  await backends?.stop();
});

const published = () => backends.pubsub.publishedTo(TOPICS.mackerelEvents).length;

async function post(
  intake: FunctionUnderTest,
  forwardedFor: string | undefined,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; code: string | undefined; contentType: string }> {
  const res = await fetch(`${intake.url}/hooks/mackerel/${options.token ?? TOKEN}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
    },
    body: JSON.stringify(options.body ?? readFixture('alert-host-critical.json')),
  });
  const text = await res.text();
  const code = text === '' ? undefined : (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  return { status: res.status, code, contentType: res.headers.get('content-type') ?? '' };
}

/** Sends each X-Forwarded-For and checks the answer: 204 (published) or a JSON 403 source_not_allowed. */
async function expectSources(intake: FunctionUnderTest, cases: ReadonlyArray<[string | undefined, boolean]>) {
  const before = published();
  const wrong: string[] = [];
  for (const [forwardedFor, allowed] of cases) {
    const res = await post(intake, forwardedFor);
    const ok = allowed
      ? res.status === 204
      : res.status === 403 && res.code === 'source_not_allowed' && /^application\/json/.test(res.contentType);
    if (!ok) wrong.push(`X-Forwarded-For ${JSON.stringify(forwardedFor)}: ${res.status} ${res.code ?? ''}`);
  }
  assert.deepEqual(wrong, []);
  assert.equal(published() - before, cases.filter(([, allowed]) => allowed).length, 'one message per 204');
}

describe('source allow-list, function reached directly (INTAKE_TRUSTED_PROXY_HOPS=1)', () => {
  it('accepts an allowed rightmost X-Forwarded-For entry, IPv4 and IPv6', async () => {
    await expectSources(oneHop, [
      [INSIDE_V4, true],
      [`${OUTSIDE_V4}, ${INSIDE_V4}`, true],
      ['10.1.2.3,203.0.113.200', true],
      ['203.0.113.0', true],
      ['203.0.113.255', true],
      ['::ffff:203.0.113.9', true],
      ['2001:db8::1', true],
      ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
      [`${OUTSIDE_V4}, 2001:db8:1::1`, true],
    ]);
  });

  it('rejects a disallowed rightmost entry even when the caller forged an allowed one to its left', async () => {
    await expectSources(oneHop, [
      [OUTSIDE_V4, false],
      [`${INSIDE_V4}, ${OUTSIDE_V4}`, false],
      [`${INSIDE_V4},${OUTSIDE_V4}`, false],
      [`2001:db8::1, ${OUTSIDE_V4}`, false],
      ['2001:db8::1, 2001:db9::1', false],
      ['2001:db9::1', false],
      ['203.0.112.255', false],
      ['203.0.114.0', false],
      ['::ffff:198.51.100.23', false],
    ]);
  });

  it('rejects a missing or unreadable address (the socket peer, 127.0.0.1, is not allowed)', async () => {
    await expectSources(oneHop, [
      [undefined, false],
      ['', false],
      ['not-an-ip', false],
      [`${INSIDE_V4}, not-an-ip`, false],
      [`${INSIDE_V4}:443`, false],
      ['[2001:db8::1]', false],
    ]);
  });

  it('checks the source before the token, so a stranger learns nothing about tokens', async () => {
    const stranger = await post(oneHop, OUTSIDE_V4, { token: 'not-a-registered-token-000' });
    assert.deepEqual([stranger.status, stranger.code], [403, 'source_not_allowed']);
    const strangerBadBody = await post(oneHop, OUTSIDE_V4, { body: { event: 'alert' } });
    assert.deepEqual([strangerBadBody.status, strangerBadBody.code], [403, 'source_not_allowed']);
    const mackerel = await post(oneHop, INSIDE_V4, { token: 'not-a-registered-token-000' });
    assert.deepEqual([mackerel.status, mackerel.code], [404, 'not_found']);
  });
});

describe('source allow-list behind a load balancer (INTAKE_TRUSTED_PROXY_HOPS=2)', () => {
  it('takes the second entry from the right', async () => {
    await expectSources(twoHops, [
      [`${INSIDE_V4}, 10.0.0.1`, true],
      [`${OUTSIDE_V4}, ${INSIDE_V4}, 35.191.0.1`, true],
      ['2001:db8::7, 35.191.0.1', true],
      [`${INSIDE_V4}, ${OUTSIDE_V4}, 35.191.0.1`, false],
      // The rightmost entry is the load balancer's own hop: allowed there means nothing.
      [`${OUTSIDE_V4}, ${INSIDE_V4}`, false],
      // Fewer entries than trusted hops: the request did not come through the load balancer.
      [INSIDE_V4, false],
      [undefined, false],
    ]);
  });
});

describe('a bad setting stops the intake from starting', () => {
  const refusals: ReadonlyArray<[string, Record<string, string | undefined>, string]> = [
    ['prefix too long', { INTAKE_SOURCE_ALLOWLIST: '203.0.113.0/33' }, 'INTAKE_SOURCE_ALLOWLIST'],
    ['IPv6 prefix too long', { INTAKE_SOURCE_ALLOWLIST: '2001:db8::/129' }, 'INTAKE_SOURCE_ALLOWLIST'],
    ['not an address', { INTAKE_SOURCE_ALLOWLIST: 'mackerel.io' }, 'INTAKE_SOURCE_ALLOWLIST'],
    [
      'one bad entry among good',
      { INTAKE_SOURCE_ALLOWLIST: `${ALLOWLIST},bogus` },
      'INTAKE_SOURCE_ALLOWLIST',
    ],
    [
      'trailing slash (Number("") is 0)',
      { INTAKE_SOURCE_ALLOWLIST: '203.0.113.0/' },
      'INTAKE_SOURCE_ALLOWLIST',
    ],
    ['two prefixes', { INTAKE_SOURCE_ALLOWLIST: '203.0.113.0/24/8' }, 'INTAKE_SOURCE_ALLOWLIST'],
    ['non-decimal prefix', { INTAKE_SOURCE_ALLOWLIST: '203.0.113.0/0x18' }, 'INTAKE_SOURCE_ALLOWLIST'],
    ['empty list', { INTAKE_SOURCE_ALLOWLIST: ' , ' }, 'INTAKE_SOURCE_ALLOWLIST'],
    ['zero proxy hops', { INTAKE_TRUSTED_PROXY_HOPS: '0' }, 'INTAKE_TRUSTED_PROXY_HOPS'],
    ['empty project', { GOOGLE_CLOUD_PROJECT: '' }, 'GOOGLE_CLOUD_PROJECT'],
    ['no project', { GOOGLE_CLOUD_PROJECT: undefined }, 'GOOGLE_CLOUD_PROJECT: missing'],
  ];

  it('exits non-zero without listening and names the variable', async () => {
    const exits = await Promise.all(
      refusals.map(([, env]) =>
        runFunctionUntilExit('intake', 'intake', { ...env, INTAKE_TOKEN_CACHE_SECONDS: '1' }),
      ),
    );
    const wrong: string[] = [];
    refusals.forEach(([label, , named], i) => {
      const exit = exits[i];
      if (!exit) return;
      if (exit.timedOut) wrong.push(`${label}: still running (it started)`);
      else if (exit.code === 0 || exit.code === null)
        wrong.push(`${label}: exit ${exit.code} ${exit.signal}`);
      else if (!exit.output.includes(named))
        wrong.push(`${label}: output does not name ${named}: ${exit.output}`);
    });
    assert.deepEqual(wrong, []);
  });

  it('starts with a good allow-list (the refusals above are about the values, not the harness)', async () => {
    const exit = await runFunctionUntilExit('intake', 'intake', { INTAKE_SOURCE_ALLOWLIST: ALLOWLIST }, 4000);
    assert.ok(exit.timedOut, `exited with ${exit.code}: ${exit.output}`);
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dedupKey } from '../../../../shared/mackerel/webhook/dedup-key';
import { describeEvent } from '../../../../shared/mackerel/webhook/describe-event';
import { type ParseWebhookResult, parseWebhookBody } from '../../../../shared/mackerel/webhook/parse-webhook';
import { LATEST_EPOCH_SECONDS } from '../../../../shared/mackerel/webhook/webhook-fields';
import { REPO_ROOT } from '../../../support/repo-root';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/mackerel');
const fixtures: unknown[] = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')));

/** mulberry32: a tiny seeded PRNG, so a failure reproduces from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'event',
  'orgName',
  'alert',
  'host',
  'roles',
  'status',
  'id',
  'isOpen',
  'openedAt',
  'closedAt',
  'alertGroup',
  'monitor',
  'user',
  '__proto__',
  'constructor',
  'toString',
  'x',
];
const STRINGS = [
  '',
  'alert',
  'alertGroup',
  'hostStatus',
  'sample',
  'monitorUpdate',
  'ok',
  'CRITICAL',
  'bogus',
  '__proto__',
  'Macker...',
  ' ',
  '\u0000',
  '𝔘nicode',
  'x'.repeat(5000),
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  1.5,
  1767225600,
  1767225600123,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function randomValue(random: () => number, depth: number): unknown {
  const roll = random();
  if (roll < 0.03) return undefined;
  if (depth <= 0 || roll < 0.4)
    return pick(random, [null, true, false, pick(random, NUMBERS), pick(random, STRINGS)]);
  const size = Math.floor(random() * 5);
  if (roll < 0.6) return Array.from({ length: size }, () => randomValue(random, depth - 1));
  const object: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    Object.defineProperty(object, pick(random, KEYS), {
      value: randomValue(random, depth - 1),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return object;
}

/** A fixture with one nested value replaced or removed: reaches deep validation branches. */
function mutatedFixture(random: () => number): unknown {
  const body = structuredClone(pick(random, fixtures));
  let node: unknown = body;
  for (;;) {
    if (typeof node !== 'object' || node === null) return body;
    const keys = Object.keys(node);
    const key = keys.length > 0 ? pick(random, keys) : undefined;
    const child: unknown = key === undefined ? undefined : Reflect.get(node, key);
    if (key === undefined || typeof child !== 'object' || child === null || random() < 0.3) {
      if (key !== undefined && random() < 0.3) Reflect.deleteProperty(node, key);
      else Reflect.set(node, key ?? pick(random, KEYS), randomValue(random, 3));
      return body;
    }
    node = child;
  }
}

function assertWellFormed(result: ParseWebhookResult, label: string): void {
  if (result.ok) {
    assert.match(dedupKey(result.event), /^[0-9a-f]{32}$/);
    assert.equal(typeof describeEvent(result.event).eventType, 'string');
    return;
  }
  assert.ok(result.issues.length > 0 && result.issues.length <= 21, label);
  for (const issue of result.issues) {
    assert.equal(typeof issue.path, 'string');
    assert.ok(issue.message.length > 0 && issue.message.length < 200);
  }
}

describe('parseWebhookBody robustness', () => {
  it('never throws on 1,000 random and mutated bodies; describe and dedupKey work on what it accepts', () => {
    const random = prng(20260101);
    let accepted = 0;
    for (let i = 0; i < 1000; i++) {
      const input = i % 2 === 0 ? randomValue(random, 6) : mutatedFixture(random);
      const result = parseWebhookBody(input);
      assertWellFormed(result, `iteration ${i}`);
      if (result.ok) accepted++;
    }
    assert.ok(accepted > 50, `the mix should also reach accepted bodies, got ${accepted}`);
  });

  it('rejects deeply nested junk at (root) without exhausting the stack', () => {
    const depth = 100_000;
    const deep: unknown = JSON.parse(
      `{"orgName":"a","event":"x","junk":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    assert.deepEqual(parseWebhookBody(deep), {
      ok: false,
      issues: [{ path: '(root)', message: 'nested deeper than 32 levels' }],
    });
    const cyclic: Record<string, unknown> = { orgName: 'a', event: 'x' };
    cyclic.self = cyclic;
    assert.equal(parseWebhookBody(cyclic).ok, false);
  });

  it('accepts real-world depth with room to spare', () => {
    let nested: unknown = 'leaf';
    for (let i = 0; i < 30; i++) nested = { nested };
    assert.equal(parseWebhookBody({ orgName: 'a', event: 'x', nested }).ok, true);
  });

  it('is not polluted by __proto__ or constructor keys', () => {
    const body: unknown = JSON.parse(
      '{"orgName":"acme-prod","event":"hostRegister","__proto__":{"polluted":true,"alert":1},' +
        '"constructor":{"prototype":{"polluted":true}},' +
        '"host":{"id":"3x","name":"n","status":"working","roles":[],"__proto__":{"polluted":true}}}',
    );
    const result = parseWebhookBody(body);
    if (!result.ok) assert.fail(JSON.stringify(result.issues));
    assert.equal(Reflect.get({}, 'polluted'), undefined);
    assert.equal(Object.getPrototypeOf(result.event), Object.prototype);
    assert.equal(Reflect.get(result.event, 'polluted'), undefined);
    assert.match(dedupKey(result.event), /^[0-9a-f]{32}$/);
  });

  it('accepts huge, negative and non-finite times and reads them as unknown, keeping plausible ones', () => {
    const alert = (openedAt: number) => ({
      orgName: 'a',
      event: 'alert',
      alert: { id: '1', status: 'ok', isOpen: false, openedAt, closedAt: null },
    });
    const openedAtOf = (body: unknown) => {
      const result = parseWebhookBody(body);
      assert.ok(result.ok && result.event.event === 'alert');
      return 'alert' in result.event
        ? (result.event.alert as { openedAt?: number }).openedAt
        : 'not an alert';
    };
    assert.equal(openedAtOf(alert(1_767_225_600)), 1_767_225_600);
    for (const bogus of [1e308, 1e13, -1, LATEST_EPOCH_SECONDS])
      assert.equal(openedAtOf(alert(bogus)), undefined);
    const infinite = JSON.parse(
      '{"orgName":"a","event":"alert","alert":{"id":"1","status":"ok","isOpen":false,"openedAt":1e400}}',
    );
    assert.equal(openedAtOf(infinite), undefined);
    assert.deepEqual(parseWebhookBody({ ...alert(0), alert: { ...alert(0).alert, openedAt: 'soon' } }), {
      ok: false,
      issues: [{ path: 'alert.openedAt', message: 'expected number, got string' }],
    });
  });

  it('caps the issue list for a body that is wrong everywhere', () => {
    const roles = Array.from({ length: 50 }, () => ({}));
    const result = parseWebhookBody({
      orgName: 'a',
      event: 'hostRegister',
      host: { id: '3x', name: 'n', status: 's', roles },
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.issues.length, 21);
    assert.deepEqual(result.issues[20], { path: '(root)', message: 'and 130 more issues' });
  });

  it('rejects over-long event names and alert ids that could not travel as message attributes', () => {
    assert.deepEqual(parseWebhookBody({ orgName: 'a', event: 'e'.repeat(201) }), {
      ok: false,
      issues: [{ path: 'event', message: 'longer than 200 characters' }],
    });
  });
});

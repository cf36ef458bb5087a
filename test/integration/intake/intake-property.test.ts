import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { routeEvent } from '../../../shared/alerting/router/route-event';
import { TOPICS } from '../../../shared/kernel/topology';
import { describeEvent } from '../../../shared/mackerel/webhook/describe-event';
import { mackerelEventMessageSchema } from '../../../shared/mackerel/webhook/mackerel-event-message';
import { parseWebhookBody } from '../../../shared/mackerel/webhook/parse-webhook';
import { composeMail } from '../../../shared/notify/delivery/compose-mail';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { fixtureNames, readFixture } from '../../support/fixtures';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../support/function-under-test';
import { registerToken } from '../../support/intake-env';
import { type QuietIntakeBackends, startQuietIntakeBackends } from '../../support/quiet-intake-backends';
import { routerWorld } from '../../support/router-world';

/**
 * Property-based test of the running intake function: thousands of generated and mutated bodies, each
 * POSTed with a valid token, against the real functions framework, Firestore emulator and local Pub/Sub.
 * Reproduce a failure with INTAKE_PROPERTY_SEED=<seed printed in the diagnostics>.
 */

const ORG = 'acme-prod';
const TOKEN = 'acme-property-token-0123456789';
const HOOK = `/hooks/mackerel/${TOKEN}`;
const MIB = 1024 * 1024;
const SEED = Number(process.env.INTAKE_PROPERTY_SEED ?? 20260214);
const IN_FLIGHT = 16;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type PathKey = string | number;
type Path = PathKey[];

/** What the contract (architecture.md, mackerel-contract.md) says the answer must be. */
interface Expectation {
  status: number;
  codes?: readonly string[];
  /** For 400 invalid_body: an issue must name this dotted path. */
  issuePath?: string;
  why: string;
}

interface Case {
  kind: string;
  body: Buffer | (() => AsyncIterable<Buffer>);
  /** undefined: no Content-Type header at all. */
  contentType: string | undefined;
  headers?: Record<string, string>;
  /** Independent of the implementation: derived from the contract and from how the case was built. */
  expect?: Expectation;
  /** Derived from parseWebhookBody: the HTTP layer must agree with the domain parser. */
  oracle?: Expectation;
  /** The JSON value sent, when the body is JSON text: what a 204 must publish. */
  sent?: unknown;
}

interface Outcome {
  c: Case;
  status: number;
  contentType: string;
  text: string;
  correlationId: string;
}

const ACCEPT = (why: string): Expectation => ({ status: 204, why });
const INVALID_BODY = (why: string, issuePath?: string): Expectation => ({
  status: 400,
  codes: ['invalid_body'],
  why,
  ...(issuePath === undefined ? {} : { issuePath }),
});

const KNOWN_EVENTS = new Set([
  'alert',
  'alertGroup',
  'hostStatus',
  'hostRegister',
  'hostRetire',
  'monitorCreate',
  'monitorUpdate',
  'monitorDelete',
  'sample',
]);

/** Paths the contract names as identifying an event; absent or mistyped, the body is malformed. */
const REQUIRED_PATHS: Record<string, readonly string[]> = {
  alert: ['orgName', 'event', 'alert', 'alert.id', 'alert.status', 'alert.isOpen', 'alert.openedAt'],
  alertGroup: ['orgName', 'event', 'alertGroup', 'alertGroup.id', 'alertGroup.status'],
  hostStatus: ['orgName', 'event', 'host', 'host.id'],
  hostRegister: ['orgName', 'event', 'host', 'host.id'],
  hostRetire: ['orgName', 'event', 'host', 'host.id'],
  monitorCreate: ['orgName', 'event', 'monitor', 'monitor.id'],
  monitorUpdate: ['orgName', 'event', 'monitor', 'monitor.id'],
  monitorDelete: ['orgName', 'event', 'monitor', 'monitor.id'],
  sample: ['event'],
};

// ---------------------------------------------------------------------------------------------------
// JSON helpers

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;
const isObject = (value: unknown): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/** Sets an own property, even `__proto__` (plain assignment would replace the prototype instead). */
function setOwn(target: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((child, index) => {
      out.push([...prefix, index]);
      pathsOf(child, [...prefix, index], out);
    });
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      out.push([...prefix, key]);
      pathsOf(value[key] ?? null, [...prefix, key], out);
    }
  }
  return out;
}

function getAt(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isObject(node) && typeof key === 'string' && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

/** Replaces (or with undefined deletes) the node at a non-empty path. */
function setAt(root: Json, path: Path, value: Json | undefined): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') {
    if (value === undefined) parent.splice(key, 1);
    else parent[key] = value;
  } else if (isObject(parent) && typeof key === 'string') {
    if (value === undefined) delete parent[key];
    else setOwn(parent, key, value);
  }
}

const dotted = (path: Path) => path.map(String).join('.');
const depthOf = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

// ---------------------------------------------------------------------------------------------------
// Oracle: what the domain parser says about a body, mapped the way the contract maps it to HTTP

function oracleFor(bytes: Buffer): Expectation {
  if (bytes.length > MIB) return { status: 413, codes: ['payload_too_large'], why: 'over 1 MiB' };
  const text = new TextDecoder().decode(bytes); // drops a leading BOM, as body-parser does
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text.trim() === ''
      ? { status: 400, codes: ['invalid_json', 'invalid_body'], why: 'empty body' }
      : { status: 400, codes: ['invalid_json'], why: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) {
    return { status: 400, codes: ['invalid_json', 'invalid_body'], why: 'JSON but not an object' };
  }
  const parsed = parseWebhookBody(value);
  if (!parsed.ok) return INVALID_BODY('parseWebhookBody rejects it');
  const orgName = describeEvent(parsed.event).orgName;
  return orgName === undefined || orgName === ORG
    ? ACCEPT('parseWebhookBody accepts it')
    : { status: 403, codes: ['org_mismatch'], why: `orgName ${JSON.stringify(orgName)}` };
}

function jsonCase(kind: string, value: Json, expect?: Expectation, raw: Map<string, string> = new Map()) {
  let text = JSON.stringify(value);
  for (const [marker, token] of raw) text = text.replace(JSON.stringify(marker), token);
  const body = Buffer.from(text, 'utf8');
  return {
    kind,
    body,
    contentType: 'application/json',
    sent: raw.size > 0 ? JSON.parse(text) : value,
    oracle: oracleFor(body),
    ...(expect ? { expect } : {}),
  } satisfies Case;
}

function textCase(kind: string, text: string | Uint8Array, expect?: Expectation): Case {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  return {
    kind,
    body,
    contentType: 'application/json',
    oracle: oracleFor(body),
    ...(expect ? { expect } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// Generators

const fixtures = new Map(fixtureNames().map((name) => [name, readFixture(name) as Json]));
const names = [...fixtures.keys()];
const fixtureText = (name: string) => JSON.stringify(fixtures.get(name));

/** Every key that appears in a fixture or that the contract documents: an added key outside it is "unknown". */
const KNOWN_KEYS = new Set<string>([
  ...[...fixtures.values()].flatMap((f) => pathsOf(f).map((p) => String(p[p.length - 1]))),
  ...'orgName event imageUrl user id screenName type message memo host service alert resourceInfo name url status isRetired roles fullname serviceName serviceUrl roleName roleUrl orgId isOpen trigger openedAt closedAt statusChangedAt createdAt monitorName metricLabel metricValue criticalThreshold warningThreshold monitorOperator duration alertGroup alertGroupSetting fromStatus monitor region accountId resourceType resourceId'.split(
    ' ',
  ),
]);

/** Strings that have broken receivers before: unicode edge cases, prototype names, things that look like secrets. */
const TRICKY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  'e\u0301',
  '\u202eevil',
  '\ufeffbom',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '日本語のホスト',
  '__proto__',
  'constructor',
  'toString',
  'Macker...',
  '22D4...',
  'null',
  '1e400',
  '<script>alert(1)</script>',
  '$'.concat('{jndi:ldap://x}'),
  '%s%n%x',
  'line\nbreak\r\n',
  'back\\slash"quote',
  'token="abc',
  'token: "abc"',
  'Authorization: Basic abc"def',
  'x-api-key=k"ey',
  'https://user:pass@host/hooks/mackerel/abcdefgh',
];

const trickyString = fc.oneof(
  fc.constantFrom(...TRICKY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const longString = fc.oneof(
  fc.constantFrom(201, 1024, 65_536, 300_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(1000, 100_000, 200_000).map((n) => '𝔘'.repeat(n)),
  fc.string({ unit: 'grapheme', minLength: 200, maxLength: 2000 }),
);

const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '1.7976931348623157e308',
  '5e-324',
  '-0',
  '0.1e-999',
  '9007199254740993',
  '1E+2',
  '-0.0000',
];

const unknownKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', ''),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((s) => `x-${s}`),
);

const smallJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: smallJson }),
  fc.record({ kind: fc.constant('addKey' as const), at: fc.nat(), key: unknownKey, value: smallJson }),
  fc.record({
    kind: fc.constant('retype' as const),
    at: fc.nat(),
    to: fc.constantFrom('number', 'string', 'null', 'array', 'object', 'boolean'),
  }),
  fc.record({
    kind: fc.constant('statusCase' as const),
    at: fc.nat(),
    style: fc.constantFrom('upper', 'lower', 'mixed'),
  }),
  fc.record({
    kind: fc.constant('hugeNumber' as const),
    at: fc.nat(),
    raw: fc.constantFrom(...HUGE_NUMBERS),
  }),
  fc.record({ kind: fc.constant('longString' as const), at: fc.nat(), text: longString }),
  fc.record({ kind: fc.constant('unicode' as const), at: fc.nat(), text: trickyString }),
  fc.record({
    kind: fc.constant('nest' as const),
    at: fc.nat(),
    levels: fc.integer({ min: 1, max: 60 }),
    wrap: fc.constantFrom('array', 'object'),
  }),
  fc.record({
    kind: fc.constant('orgName' as const),
    value: fc.oneof(
      fc.constantFrom(
        ORG,
        'other-org',
        'ACME-PROD',
        ' acme-prod',
        'acme-prod ',
        'acme',
        'acme-prod\u0000',
        '\u0430cme-prod',
        '',
      ),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    ),
  }),
  fc.record({
    kind: fc.constant('event' as const),
    value: fc.oneof(
      fc.constantFrom(
        ...KNOWN_EVENTS,
        'ALERT',
        'Alert',
        'alertV2',
        'hostSuspend',
        '__proto__',
        'constructor',
      ),
      fc.constantFrom('', 'x'.repeat(200), 'x'.repeat(201)),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
    ),
  }),
);

type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function retyped(value: Json, to: string): Json {
  switch (to) {
    case 'number':
      return typeof value === 'string' ? Number(value) || value.length : typeof value === 'boolean' ? 1 : 0;
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'null':
      return null;
    case 'array':
      return [value];
    case 'object':
      return { value };
    default:
      return value !== null && value !== 0 && value !== '';
  }
}

const recase = (text: string, style: string) =>
  style === 'upper'
    ? text.toUpperCase()
    : style === 'lower'
      ? text.toLowerCase()
      : [...text].map((ch, i) => (i % 2 ? ch.toUpperCase() : ch.toLowerCase())).join('');

/** Applies one mutation in place; returns what the contract says about a body with only this change. */
function applyOp(body: Json, op: Op, raw: Map<string, string>, eventType: string): Expectation | undefined {
  const paths = pathsOf(body);
  const pick = <T>(list: readonly T[], at: number): T | undefined => list[at % Math.max(1, list.length)];
  const required = new Set(REQUIRED_PATHS[eventType] ?? []);
  switch (op.kind) {
    case 'delete': {
      const path = pick(paths, op.at);
      if (!path) return undefined;
      setAt(body, path, undefined);
      return required.has(dotted(path)) ? INVALID_BODY(`deleted ${dotted(path)}`, dotted(path)) : undefined;
    }
    case 'replace': {
      const path = pick(paths, op.at);
      if (path) setAt(body, path, op.value);
      return undefined;
    }
    case 'addKey': {
      const objects: Path[] = [[], ...paths.filter((p) => isObject(getAt(body, p)))];
      const path = pick(objects, op.at) ?? [];
      const target = getAt(body, path);
      if (!isObject(target)) return undefined;
      const fresh = !Object.hasOwn(target, op.key) && !KNOWN_KEYS.has(op.key);
      setOwn(target, op.key, op.value);
      const deep = depthOf(body) > 32;
      return fresh && !deep ? ACCEPT(`unknown key ${JSON.stringify(op.key)} at ${dotted(path)}`) : undefined;
    }
    case 'retype': {
      const path = pick(paths, op.at);
      if (!path) return undefined;
      const before = getAt(body, path) ?? null;
      const after = retyped(before, op.to);
      setAt(body, path, after);
      const changed = jsonType(after) !== jsonType(before);
      return changed && required.has(dotted(path))
        ? INVALID_BODY(`${dotted(path)} ${jsonType(before)} -> ${jsonType(after)}`, dotted(path))
        : undefined;
    }
    case 'statusCase': {
      const statuses = paths.filter(
        (p) => p[p.length - 1] === 'status' && typeof getAt(body, p) === 'string',
      );
      const path = pick(statuses, op.at);
      if (path) setAt(body, path, recase(String(getAt(body, path)), op.style));
      return ACCEPT(`status case ${op.style}`);
    }
    case 'hugeNumber': {
      const numbers = paths.filter((p) => typeof getAt(body, p) === 'number');
      const path = pick(numbers.length > 0 ? numbers : paths, op.at);
      if (!path) return undefined;
      const marker = `@@raw-${raw.size}@@`;
      raw.set(marker, op.raw);
      setAt(body, path, marker);
      return undefined;
    }
    case 'longString':
    case 'unicode': {
      const strings = paths.filter((p) => typeof getAt(body, p) === 'string');
      const path = pick(strings.length > 0 ? strings : paths, op.at);
      if (path) setAt(body, path, op.text);
      return undefined;
    }
    case 'nest': {
      const path = pick(paths, op.at);
      if (!path) return undefined;
      let value = getAt(body, path) ?? null;
      for (let i = 0; i < op.levels; i++) value = op.wrap === 'array' ? [value] : { nested: value };
      setAt(body, path, value);
      return undefined;
    }
    case 'orgName': {
      if (!isObject(body)) return undefined;
      setOwn(body, 'orgName', op.value);
      if (op.value === '') return INVALID_BODY('empty orgName', 'orgName');
      return op.value === ORG
        ? ACCEPT('own orgName')
        : { status: 403, codes: ['org_mismatch'], why: `orgName ${JSON.stringify(op.value)}` };
    }
    case 'event': {
      if (!isObject(body)) return undefined;
      setOwn(body, 'event', op.value);
      if (op.value === '' || op.value.length > 200) return INVALID_BODY('bad event name', 'event');
      // An unknown event keeps only the envelope check; orgName is ours in every fixture that has one.
      return KNOWN_EVENTS.has(op.value) ? undefined : ACCEPT(`unknown event ${JSON.stringify(op.value)}`);
    }
  }
}

const mutationArb = fc
  .record({ name: fc.constantFrom(...names), ops: fc.array(opArb, { minLength: 1, maxLength: 3 }) })
  .map(({ name, ops }): Case => {
    const body = clone(fixtures.get(name) ?? null);
    const eventType = isObject(body) && typeof body.event === 'string' ? body.event : '';
    const raw = new Map<string, string>();
    const expectations = ops.map((op) => applyOp(body, op, raw, eventType));
    const kind = `mutate:${ops.map((o) => o.kind).join('+')}`;
    // Only a single change has a contract-derived answer; combinations are judged by the oracle alone.
    const expect = ops.length === 1 && raw.size === 0 ? expectations[0] : undefined;
    const c = jsonCase(kind, body, expect, raw);
    // A body pushed over 1 MiB by a long string is answered 413 whatever it says.
    return c.body.length > MIB
      ? { ...c, expect: { status: 413, codes: ['payload_too_large'], why: '>1MiB' } }
      : c;
  });

const envelopeArb = fc
  .record(
    {
      orgName: fc.oneof(fc.constant(ORG), fc.constant('other-org'), trickyString),
      event: fc.oneof(fc.constantFrom(...KNOWN_EVENTS), trickyString),
      imageUrl: fc.oneof(fc.constant(null), fc.string()),
      user: fc.oneof(fc.constant(null), fc.record({ id: fc.string(), screenName: fc.string() })),
      alert: smallJson,
      host: smallJson,
    },
    { requiredKeys: [] },
  )
  .map((v) => jsonCase('envelope', v as Json));

const wholeJsonArb = fc.jsonValue({ maxDepth: 6 }).map((v) => jsonCase('jsonValue', v as Json));

const truncatedArb = fc.record({ name: fc.constantFrom(...names), cut: fc.nat() }).map(({ name, cut }) => {
  const text = fixtureText(name);
  return textCase('truncated', text.slice(0, 1 + (cut % (text.length - 1))), {
    status: 400,
    codes: ['invalid_json'],
    why: 'a strict prefix of a JSON object is not JSON',
  });
});

const JSONISH = ['{', '}', '[', ']', '"', ':', ',', '1', '-', '.', 'e', 'a', '\\', 'u', 'n', 't', ' ', '\n'];
const rawTextArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => textCase('text:binary', s)),
  fc.string({ unit: fc.constantFrom(...JSONISH), maxLength: 60 }).map((s) => textCase('text:jsonish', s)),
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => textCase('bytes', bytes)),
);

function specialCases(): Case[] {
  const sample = fixtureText('sample.json');
  const alert = fixtureText('alert-host-critical.json');
  const deep = (n: number) => `{"orgName":"acme-prod","event":"x","d":${'['.repeat(n)}${']'.repeat(n)}}`;
  const texts: Array<[string, Expectation?]> = [
    ['', undefined],
    ['   ', undefined],
    ['null', undefined],
    ['true', undefined],
    ['"alert"', undefined],
    ['42', undefined],
    ['[]', INVALID_BODY('array body')],
    ['{}', INVALID_BODY('empty object', 'event')],
    [`[${alert}]`, INVALID_BODY('alert wrapped in an array')],
    [`\ufeff${sample}`, undefined],
    [`${sample}\n`, ACCEPT('trailing newline')],
    [`  \n\t${alert}  `, ACCEPT('surrounding whitespace')],
    [`${sample}${sample}`, { status: 400, codes: ['invalid_json'], why: 'two documents' }],
    ['{"event":"sample",}', { status: 400, codes: ['invalid_json'], why: 'trailing comma' }],
    ["{'event':'sample'}", { status: 400, codes: ['invalid_json'], why: 'single quotes' }],
    ['{"event":"sample"} // comment', { status: 400, codes: ['invalid_json'], why: 'comment' }],
    ['{"event":"sample","x":NaN}', { status: 400, codes: ['invalid_json'], why: 'NaN' }],
    ['{"event":"sample","x":Infinity}', { status: 400, codes: ['invalid_json'], why: 'Infinity' }],
    ['{"event":"sample","x":0x10}', { status: 400, codes: ['invalid_json'], why: 'hex' }],
    ['{"event":"sample","x":"\\ud800"}', ACCEPT('escaped lone surrogate in an unknown key')],
    ['{"event":"sample","x":"\\x41"}', { status: 400, codes: ['invalid_json'], why: 'bad escape' }],
    [`{"orgName":"other-org","orgName":"${ORG}","event":"sample"}`, undefined],
    [`{"orgName":"${ORG}","orgName":"other-org","event":"sample"}`, undefined],
    [`{"__proto__":{"orgName":"other-org"},"orgName":"${ORG}","event":"sample"}`, ACCEPT('__proto__ key')],
    [`{"__proto__":{"event":"alert"},"orgName":"${ORG}","event":"novel"}`, ACCEPT('__proto__ key')],
    [`{"constructor":{"prototype":{"x":1}},"orgName":"${ORG}","event":"sample"}`, ACCEPT('constructor')],
    [deep(30), ACCEPT('30 levels')],
    [deep(40), INVALID_BODY('40 levels')],
    [deep(100_000), INVALID_BODY('100k levels')],
    ['['.repeat(100_000), { status: 400, codes: ['invalid_json'], why: 'unbalanced' }],
    ['{"a":'.repeat(50_000), { status: 400, codes: ['invalid_json'], why: 'unbalanced' }],
    [`{"orgName":"${ORG}","event":"sample","n":${'9'.repeat(5000)}}`, ACCEPT('5000-digit number')],
    [
      `{"orgName":"${ORG}","event":"alertGroup","alertGroup":{"id":"g","status":"Critical","createdAt":1}}`,
      ACCEPT('mixed-case group status'),
    ],
    ['{"event":"sample","message":"token={\\"x\\"}"}', ACCEPT('secret-looking text in a body')],
    ['{token:"x}', { status: 400, codes: ['invalid_json'], why: 'secret-looking text in bad JSON' }],
  ];
  return texts.map(([text, expect]) => textCase('special', text, expect));
}

function bigCases(): Case[] {
  const base = readFixture('alert-host-critical.json');
  const padded = (bytes: number, unit = 'x'): Buffer => {
    const empty = Buffer.byteLength(JSON.stringify({ ...base, memo: '' }));
    const unitBytes = Buffer.byteLength(unit);
    const filler = unit.repeat(Math.floor((bytes - empty) / unitBytes));
    const fill = 'x'.repeat(bytes - empty - Buffer.byteLength(filler));
    return Buffer.from(JSON.stringify({ ...base, memo: filler + fill }));
  };
  const tooLarge = (why: string): Expectation => ({ status: 413, codes: ['payload_too_large'], why });
  const exact = padded(MIB);
  const over = padded(MIB + 1);
  assert.equal(exact.length, MIB);
  assert.equal(over.length, MIB + 1);
  const json = 'application/json';
  const cases: Case[] = [
    {
      kind: 'big',
      body: exact,
      contentType: json,
      sent: JSON.parse(exact.toString()),
      expect: ACCEPT('exactly 1 MiB'),
    },
    { kind: 'big', body: over, contentType: json, expect: tooLarge('1 MiB + 1 byte') },
    { kind: 'big', body: padded(MIB + 100, '€'), contentType: json, expect: tooLarge('multi-byte chars') },
    { kind: 'big', body: padded(3 * MIB), contentType: json, expect: tooLarge('3 MiB') },
    {
      kind: 'big',
      body: Buffer.from(`{"a":"${'x'.repeat(2 * MIB)}`),
      contentType: json,
      expect: tooLarge('bad JSON'),
    },
    {
      kind: 'big',
      body: Buffer.alloc(2 * MIB, 'x'),
      contentType: 'text/plain',
      expect: tooLarge('text/plain'),
    },
    {
      kind: 'big',
      body: gzipSync(padded(8 * MIB)),
      contentType: json,
      headers: { 'content-encoding': 'gzip' },
      expect: tooLarge('small gzip that inflates to 8 MiB'),
    },
    {
      kind: 'big',
      body: async function* chunked() {
        for (let i = 0; i < 32; i++) yield Buffer.alloc(64 * 1024, i === 0 ? '[' : '1');
      },
      contentType: json,
      expect: tooLarge('2 MiB chunked, no Content-Length'),
    },
  ];
  return cases;
}

function contentTypeCases(): Case[] {
  const body = Buffer.from(fixtureText('alert-host-critical.json'));
  const sent = JSON.parse(body.toString()) as unknown;
  const unsupported: Expectation = { status: 415, codes: ['unsupported_media_type'], why: 'not JSON' };
  const list: Array<[string | undefined, Expectation, Record<string, string>?, Buffer?]> = [
    ['text/plain', unsupported],
    ['text/plain; charset=utf-8', unsupported],
    ['text/json', unsupported],
    ['application/x-www-form-urlencoded', unsupported],
    ['multipart/form-data; boundary=xyz', unsupported],
    ['application/octet-stream', unsupported],
    ['application/xml', unsupported],
    ['application/jsonp', unsupported],
    [undefined, unsupported],
    ['application/json; charset=latin1', unsupported],
    ['APPLICATION/JSON', ACCEPT('media types are case-insensitive')],
    ['application/json; charset=utf-8', ACCEPT('utf-8')],
    ['application/json;charset=UTF-8', ACCEPT('UTF-8')],
    ['application/json', ACCEPT('gzip'), { 'content-encoding': 'gzip' }, gzipSync(body)],
    ['application/json', ACCEPT('deflate'), { 'content-encoding': 'deflate' }, deflateSync(body)],
    [
      'application/json',
      { status: 400, codes: ['invalid_json'], why: 'corrupt gzip' },
      { 'content-encoding': 'gzip' },
      body,
    ],
  ];
  return list.map(([contentType, expect, headers, encoded]) => ({
    kind: `content-type:${contentType ?? '(none)'}${headers ? ` ${JSON.stringify(headers)}` : ''}`,
    body: encoded ?? body,
    contentType,
    expect,
    ...(expect.status === 204 ? { sent } : {}),
    ...(headers ? { headers } : {}),
  }));
}

function generateCases(): Case[] {
  const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number, offset: number) =>
    fc.sample(arb, { numRuns, seed: SEED + offset });
  return [
    ...names.map((name) => jsonCase('fixture', fixtures.get(name) ?? null, ACCEPT('unchanged fixture'))),
    ...sample(mutationArb, 1500, 1),
    ...sample(envelopeArb, 200, 2),
    ...sample(wholeJsonArb, 200, 3),
    ...sample(truncatedArb, 100, 4),
    ...sample(rawTextArb, 300, 5),
    ...specialCases(),
    ...bigCases(),
    ...contentTypeCases(),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Sending

function send(url: string, c: Case): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const body = c.body;
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    if (c.contentType !== undefined) headers['content-type'] = c.contentType;
    if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length);
    const req = httpRequest(`${url}${HOOK}`, { method: 'POST', headers, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          c,
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
          correlationId: String(res.headers['x-correlation-id'] ?? ''),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 20 s')));
    req.on('error', reject);
    if (Buffer.isBuffer(body)) {
      req.end(body);
      return;
    }
    (async () => {
      for await (const chunk of body()) {
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(reject);
  });
}

async function sendAll(url: string, cases: readonly Case[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const c = cases[index];
      if (!c) continue;
      try {
        outcomes[index] = await send(url, c);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcomes[index] = { c, status: -1, contentType: '', text: message, correlationId: '' };
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return outcomes;
}

// ---------------------------------------------------------------------------------------------------
// Checks

const STATUS_CODES: Record<number, readonly string[]> = {
  400: ['invalid_json', 'invalid_body'],
  403: ['org_mismatch'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
};

function errorCodeOf(o: Outcome): string | undefined {
  try {
    const body = JSON.parse(o.text) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** Problems with one answer, judged without knowing what was sent. */
function shapeProblems(o: Outcome): string[] {
  const problems: string[] = [];
  if (o.status === -1) return [`no HTTP answer: ${o.text}`];
  if (o.status >= 500) problems.push(`5xx while Pub/Sub and Firestore are up`);
  if (!/^[0-9a-f]{32}$/.test(o.correlationId)) problems.push('no X-Correlation-Id');
  if (o.status === 204) {
    if (o.text !== '') problems.push('204 with a body');
    return problems;
  }
  if (o.status === 202) {
    if (!o.text.includes('"queued"')) problems.push('202 without {status:"queued"}');
    return problems;
  }
  const allowedCodes = STATUS_CODES[o.status];
  if (!allowedCodes) return [...problems, `unexpected status ${o.status}`];
  if (!/^application\/json\b/.test(o.contentType)) problems.push(`Content-Type ${o.contentType}`);
  let body: unknown;
  try {
    body = JSON.parse(o.text);
  } catch {
    return [...problems, 'error body is not JSON'];
  }
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
    return [...problems, 'error body is not {error:{code,message}}'];
  }
  if (error.message.length === 0) problems.push('empty error message');
  if (!allowedCodes.includes(error.code)) problems.push(`code ${error.code} with status ${o.status}`);
  const issues = error.issues;
  if (error.code === 'invalid_body' || issues !== undefined) {
    const ok =
      Array.isArray(issues) &&
      issues.length > 0 &&
      issues.every((i) => isObject(i) && typeof i.path === 'string' && typeof i.message === 'string');
    if (!ok) problems.push('issues is not a non-empty array of {path,message}');
  }
  return problems;
}

function expectationProblem(o: Outcome, e: Expectation | undefined, label: string): string | undefined {
  if (!e) return undefined;
  const accepted = e.status === 204 && (o.status === 204 || o.status === 202);
  if (!accepted && o.status !== e.status) return `${label}: expected ${e.status} (${e.why}), got ${o.status}`;
  const code = errorCodeOf(o);
  if (e.codes && code !== undefined && !e.codes.includes(code)) {
    return `${label}: expected ${e.codes.join('|')} (${e.why}), got ${code}`;
  }
  if (e.issuePath !== undefined && !o.text.includes(`"path":${JSON.stringify(e.issuePath)}`)) {
    return `${label}: expected an issue at ${e.issuePath} (${e.why})`;
  }
  return undefined;
}

function preview(c: Case): string {
  if (!Buffer.isBuffer(c.body)) return '(streamed body)';
  const text = c.body.toString('utf8');
  return text.length > 300 ? `${text.slice(0, 300)}… (${c.body.length} bytes)` : text;
}

/** What JSON can carry of a value: 1e400 was parsed to Infinity and is written back as null, -0 as 0. */
const publishable = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

// ---------------------------------------------------------------------------------------------------

let backends: QuietIntakeBackends;
let intake: FunctionUnderTest;

before(async () => {
  backends = await startQuietIntakeBackends();
  await registerToken(backends.db, ORG, TOKEN);
  intake = await startFunctionUnderTest('intake', 'intake', {
    INTAKE_PUBLISH_TIMEOUT_MS: '5000',
    INTAKE_PUBLISH_ATTEMPTS: '2',
    INTAKE_FIRESTORE_TIMEOUT_MS: '5000',
    INTAKE_TOKEN_CACHE_SECONDS: '300',
  });
});

after(async () => {
  await intake?.stop();
  await backends?.stop();
});

describe('intake under generated and mutated bodies', () => {
  it('answers unsupported encodings and other +json media types with a JSON 415', async () => {
    const body = Buffer.from(fixtureText('alert-host-critical.json'));
    const cases: Case[] = [
      ...['compress', 'x-gzip', 'zstd', 'gzip, gzip'].map((encoding) => ({
        kind: `content-encoding:${encoding}`,
        body,
        contentType: 'application/json',
        headers: { 'content-encoding': encoding },
      })),
      {
        kind: 'text/plain + compress',
        body,
        contentType: 'text/plain',
        headers: { 'content-encoding': 'compress' },
      },
      { kind: 'application/vnd.api+json', body, contentType: 'application/vnd.api+json' },
      { kind: 'application/merge-patch+json', body, contentType: 'application/merge-patch+json' },
    ];
    const problems: string[] = [];
    for (const o of await sendAll(intake.url, cases)) {
      const p = [...shapeProblems(o)];
      if (o.status !== 415) p.push(`expected 415, got ${o.status}`);
      if (p.length > 0) problems.push(`[${o.c.kind}] ${p.join('; ')}`);
    }
    assert.deepEqual(problems, []);
  });

  it('accepts times no clock would send in every time field, and the mails that follow render', async () => {
    const bogus = [
      '1e13',
      '-1',
      '-86400',
      '1e400',
      '-1e400',
      '1.7976931348623157e308',
      '123456789012345678901234567890',
    ];
    const timeFields: Array<[string, string]> = [
      ['alert', 'openedAt'],
      ['alert', 'closedAt'],
      ['alert', 'statusChangedAt'],
      ['alertGroup', 'createdAt'],
      ['alertGroup', 'closedAt'],
    ];
    const cases: Case[] = [];
    for (const name of names.filter((n) => n.startsWith('alert'))) {
      const fixture = fixtures.get(name);
      for (const [object, field] of timeFields) {
        if (!isObject(fixture) || !isObject(fixture[object])) continue;
        for (const token of bogus) {
          const body = clone(fixture);
          if (!isObject(body)) continue;
          const inner = body[object];
          if (!isObject(inner)) continue;
          setOwn(inner, field, '__BOGUS_TIME__');
          const c = jsonCase(
            `${name} ${object}.${field}=${token}`,
            body,
            ACCEPT('a bogus time is read as unknown'),
            new Map([['__BOGUS_TIME__', token]]),
          );
          cases.push(c);
        }
      }
    }
    assert.ok(cases.length >= 100, `only ${cases.length} cases`);
    const publishedBefore = backends.pubsub.publishedTo(TOPICS.mackerelEvents).length;
    const outcomes = await sendAll(intake.url, cases);
    const rejected = outcomes.filter((o) => o.status !== 204 && o.status !== 202);
    assert.deepEqual(
      rejected.map((o) => `${o.c.kind}: ${o.status} ${o.text.slice(0, 120)}`),
      [],
    );

    // Route every accepted event (the router's own code, in memory) to a catch-all route and render each mail.
    const world = routerWorld();
    world.routing.putRoute({
      id: 'all',
      name: 'all',
      order: 1,
      match: {},
      recipients: { to: ['ops@x.example'] },
    });
    const published = backends.pubsub.publishedTo(TOPICS.mackerelEvents).slice(publishedBefore);
    assert.equal(published.length, cases.length);
    let mails = 0;
    for (const message of published) {
      const event = mackerelEventMessageSchema.parse(JSON.parse(message.data.toString('utf8')));
      const outcome = await routeEvent(world.deps(), { ...event, org: ORG });
      assert.notEqual(outcome.kind, 'malformed', `${event.dedupKey} routed as malformed`);
    }
    for (const n of world.notifications()) {
      const mail = composeMail(n);
      assert.ok(mail.subject.length > 0 && mail.text.length > 0 && mail.html.length > 0);
      mails++;
    }
    assert.ok(mails > 0, 'some mails followed');
  });

  it('answers every body with 204 or a JSON 4xx, publishes exactly the 204s, and stays healthy', async (t) => {
    const cases = generateCases();
    assert.ok(cases.length >= 2000, `only ${cases.length} cases`);
    const publishedBefore = backends.pubsub.publishedTo(TOPICS.mackerelEvents).length;
    const linesBefore = intake.lines.length;
    const started = Date.now();

    const outcomes = await sendAll(intake.url, cases);
    const elapsed = Date.now() - started;

    const failures: string[] = [];
    const spread = new Map<string, number>();
    for (const o of outcomes) {
      const key = o.status >= 400 ? `${o.status} ${errorCodeOf(o) ?? '?'}` : String(o.status);
      spread.set(key, (spread.get(key) ?? 0) + 1);
      const problems = [
        ...shapeProblems(o),
        expectationProblem(o, o.c.expect, 'contract'),
        expectationProblem(o, o.c.oracle, 'agrees with parseWebhookBody'),
      ].filter((p) => p !== undefined);
      if (problems.length > 0)
        failures.push(
          `[${o.c.kind}] ${problems.join('; ')}\n    body: ${preview(o.c)}\n    answer: ${o.text.slice(0, 300)}`,
        );
    }
    const summary = [...spread.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    t.diagnostic(
      `seed ${SEED}: ${cases.length} requests in ${elapsed} ms; ${summary.map(([k, n]) => `${k}: ${n}`).join(', ')}`,
    );
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} bad answers`);

    // The spread is real: the generators reach every branch of the handler.
    const count = (key: string) => spread.get(key) ?? 0;
    for (const key of [
      '204',
      '400 invalid_body',
      '400 invalid_json',
      '403 org_mismatch',
      '413 payload_too_large',
      '415 unsupported_media_type',
    ]) {
      assert.ok(count(key) >= 5, `only ${count(key)} answers of ${key}`);
    }

    // Exactly one published message per 204, carrying the body as sent; 202s are in the backlog instead.
    const published = backends.pubsub.publishedTo(TOPICS.mackerelEvents).slice(publishedBefore);
    const accepted = outcomes.filter((o) => o.status === 204);
    const queued = outcomes.filter((o) => o.status === 202);
    assert.equal(published.length, accepted.length, 'published messages vs 204 answers');
    assert.equal((await backends.db.collection(COLLECTIONS.intakeBacklog).get()).size, queued.length);
    const byCorrelation = new Map(published.map((m) => [m.attributes.correlationId, m]));
    assert.equal(byCorrelation.size, published.length, 'correlation ids are unique');
    for (const o of accepted) {
      const message = byCorrelation.get(o.correlationId);
      assert.ok(message, `[${o.c.kind}] 204 without a published message: ${preview(o.c)}`);
      const data = JSON.parse(message.data.toString('utf8')) as { org: string; body: unknown };
      assert.equal(data.org, ORG);
      assert.equal(message.attributes.org, ORG);
      if (o.c.sent !== undefined) {
        assert.deepEqual(data.body, publishable(o.c.sent), `[${o.c.kind}] published body differs`);
      }
    }

    // Still alive and still accepting.
    const healthy = await send(intake.url, jsonCase('final', fixtures.get('alert-host-ok.json') ?? null));
    assert.equal(healthy.status, 204, healthy.text);

    // Its output: one JSON log line per request, nothing else (no uncaught exception, no stack trace).
    const expectedLines = cases.length + 1;
    const deadline = Date.now() + 5000;
    while (intake.lines.length - linesBefore < expectedLines && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const lines = intake.lines.slice(linesBefore);
    const badLines: string[] = [];
    let acceptedLogs = 0;
    for (const line of lines) {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        badLines.push(`not JSON: ${line.slice(0, 300)}`);
        continue;
      }
      if (!isObject(entry) || typeof entry.severity !== 'string')
        badLines.push(`no severity: ${line.slice(0, 300)}`);
      else if (entry.severity === 'ERROR') badLines.push(`ERROR: ${line.slice(0, 300)}`);
      if (isObject(entry) && entry.message === 'webhook accepted') acceptedLogs++;
    }
    assert.deepEqual(badLines.slice(0, 5), [], `${badLines.length} bad log lines of ${lines.length}`);
    assert.equal(lines.length, expectedLines, 'one log line per request');
    assert.equal(acceptedLogs, accepted.length + 1, "one 'webhook accepted' line per 204");
  });
});

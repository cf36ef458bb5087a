import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../../../shared/kernel/log/logger';
import { captureLogs } from '../../../support/capture-logs';

const SECRET = 'S3cr3tT0kenValue_abc-123';

describe('createLogger', () => {
  it('writes one JSON line with severity, message and an ISO time', () => {
    const { logger, lines, entries } = captureLogs();
    const before = Date.now();
    logger.info('hello');
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]?.includes('\n'));
    const [entry] = entries();
    assert.equal(entry?.severity, 'INFO');
    assert.equal(entry?.message, 'hello');
    const time = Date.parse(String(entry?.time));
    assert.equal(new Date(time).toISOString(), entry?.time);
    assert.ok(time >= before - 1 && time <= Date.now() + 1);
  });

  it('maps each level to its Cloud Logging severity', () => {
    const { logger, entries } = captureLogs();
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    assert.deepEqual(
      entries().map((e) => [e.severity, e.message]),
      [
        ['DEBUG', 'd'],
        ['INFO', 'i'],
        ['WARNING', 'w'],
        ['ERROR', 'e'],
      ],
    );
  });

  it('merges base fields, child fields and call fields, later ones winning', () => {
    const { logger, entries } = captureLogs({ component: 'intake', org: 'base-org' });
    const child = logger.child({ correlationId: 'c1', org: 'child-org' });
    child.info('x', { event: 'alert' });
    child.child({ event: 'grandchild' }).warn('y', { org: 'call-org' });
    logger.info('z');
    const [x, y, z] = entries();
    assert.deepEqual(
      { ...x, time: undefined },
      {
        severity: 'INFO',
        message: 'x',
        time: undefined,
        component: 'intake',
        org: 'child-org',
        correlationId: 'c1',
        event: 'alert',
      },
    );
    assert.equal(y?.org, 'call-org');
    assert.equal(y?.event, 'grandchild');
    assert.equal(y?.correlationId, 'c1');
    assert.equal(z?.org, 'base-org');
    assert.equal(z?.correlationId, undefined, 'a child does not change its parent');
  });

  it('omits undefined fields and keeps null, numbers, booleans and nested objects', () => {
    const { logger, entries } = captureLogs({ gone: undefined });
    logger.info('x', { alertId: undefined, n: 0, ok: false, none: null, nested: { a: [1, 2] } });
    const [entry] = entries();
    assert.ok(entry);
    assert.ok(!('alertId' in entry) && !('gone' in entry));
    assert.equal(entry.n, 0);
    assert.equal(entry.ok, false);
    assert.equal(entry.none, null);
    assert.deepEqual(entry.nested, { a: [1, 2] });
  });

  it('serialises an Error as {name, message}, without the stack', () => {
    const { logger, entries } = captureLogs();
    class PublishError extends Error {
      override name = 'PublishError';
    }
    logger.error('failed', { error: new PublishError('deadline exceeded') });
    assert.deepEqual(entries()[0]?.error, { name: 'PublishError', message: 'deadline exceeded' });
    logger.error('failed', { error: new TypeError('bad') });
    assert.deepEqual(entries()[1]?.error, { name: 'TypeError', message: 'bad' });
  });

  it("does not let a field overwrite the line's severity, message or time", () => {
    const { logger, entries } = captureLogs({ time: 'base-time' });
    logger.warn('the real message', { severity: 'critical', message: 'a field' });
    const [entry] = entries();
    assert.equal(entry?.severity, 'WARNING');
    assert.equal(entry?.message, 'the real message');
    assert.notEqual(entry?.time, 'base-time');
  });

  it('redacts secrets in any field, in the message and in error messages, and stays valid JSON', () => {
    const { logger, lines, entries } = captureLogs({
      url: `https://intake.example/hooks/mackerel/${SECRET}`,
    });
    logger.warn(`POST /hooks/mackerel/${SECRET} rejected`, {
      target: `https://mackerel:${SECRET}@intake.example/hooks/mackerel`,
      request: { headers: `X-Api-Key: ${SECRET}` },
      error: new Error(`upstream said {"X-Api-Key":"${SECRET}"}`),
    });
    logger.child({ note: `token="${SECRET}"` }).info('child');
    assert.equal(lines.length, 2);
    for (const line of lines) assert.ok(!line.includes(SECRET), line);
    const [entry, child] = entries();
    assert.equal(entry?.message, 'POST /hooks/mackerel/[redacted] rejected');
    assert.equal(entry?.url, 'https://intake.example/hooks/mackerel/[redacted]');
    assert.equal(entry?.target, 'https://mackerel:[redacted]@intake.example/hooks/mackerel');
    assert.deepEqual(entry?.request, { headers: 'X-Api-Key: [redacted]' });
    assert.deepEqual(entry?.error, { name: 'Error', message: 'upstream said {"X-Api-Key":"[redacted]"}' });
    assert.equal(child?.note, 'token="[redacted]"');
  });

  it('writes to stdout by default', (t) => {
    const written: string[] = [];
    t.mock.method(process.stdout, 'write', (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    createLogger({ component: 'test' }).info('to stdout');
    t.mock.restoreAll();
    assert.equal(written.length, 1);
    assert.ok(written[0]?.endsWith('\n'));
    assert.equal(JSON.parse(written[0] ?? '').message, 'to stdout');
  });
});

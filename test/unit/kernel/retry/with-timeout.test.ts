import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimeoutError, withTimeout } from '../../../../shared/kernel/retry/with-timeout';

const never = new Promise<never>(() => {});

describe('withTimeout', () => {
  it('resolves with the value when the operation is in time', async () => {
    assert.equal(await withTimeout(Promise.resolve(42), 1_000, 'answer'), 42);
  });

  it("passes the operation's own rejection through", async () => {
    const error = new Error('backend said no');
    await assert.rejects(withTimeout(Promise.reject(error), 1_000, 'lookup'), (e) => e === error);
  });

  it('rejects with a TimeoutError naming the operation and the deadline', async () => {
    await assert.rejects(withTimeout(never, 20, 'token lookup'), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.name, 'TimeoutError');
      assert.equal(error.message, 'token lookup took longer than 20 ms');
      return true;
    });
  });

  it('fires at the deadline, not before', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let settled = false;
    const pending = withTimeout(never, 3_000, 'backlog write').catch((error: unknown) => {
      settled = true;
      return error;
    });
    t.mock.timers.tick(2_999);
    await Promise.resolve();
    assert.equal(settled, false);
    t.mock.timers.tick(1);
    assert.ok((await pending) instanceof TimeoutError);
  });

  it('clears its timer once the operation settles, so nothing keeps the process alive', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const cleared: unknown[] = [];
    const original = globalThis.clearTimeout;
    t.mock.method(globalThis, 'clearTimeout', (timer: Parameters<typeof clearTimeout>[0]) => {
      cleared.push(timer);
      original(timer);
    });
    assert.equal(await withTimeout(Promise.resolve('done'), 60_000, 'fast'), 'done');
    assert.equal(cleared.length, 1);
    assert.notEqual(cleared[0], undefined);
  });
});

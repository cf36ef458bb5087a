import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backlogDrainRequestSchema, drainBacklog } from '../../../shared/intake/drain-backlog';
import type { BacklogEntry, EventBacklog } from '../../../shared/intake/event-backlog';
import { SCHEDULES, TOPICS } from '../../../shared/kernel/topology';
import { captureLogs } from '../../support/capture-logs';
import { InMemoryBacklog } from '../../support/fakes/in-memory-backlog';
import { InMemoryPublisher } from '../../support/fakes/in-memory-publisher';

/** Entry n was received n seconds after a fixed instant; its correlationId is `c<n>`. */
function entry(n: number): BacklogEntry {
  return {
    id: `id-${n}`,
    topic: TOPICS.mackerelEvents,
    data: JSON.stringify({ version: 1, n }),
    attributes: { org: 'acme-prod', event: 'alert', dedupKey: `k${n}`, correlationId: `c${n}` },
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  };
}

async function backlogWith(...numbers: number[]): Promise<InMemoryBacklog> {
  const backlog = new InMemoryBacklog();
  for (const n of numbers) await backlog.add(entry(n));
  return backlog;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function deps(backlog: EventBacklog, publisher = new InMemoryPublisher()) {
  const logs = captureLogs({ component: 'backlog-drain' });
  return { deps: { backlog, publisher, logger: logs.logger }, publisher, logs };
}

const ids = (backlog: InMemoryBacklog) => backlog.entries().map((e) => e.id);

describe('drainBacklog', () => {
  it('republishes oldest first, each entry exactly as stored, removing it only after its publish', async () => {
    const backlog = await backlogWith(3, 1, 2);
    const ops: string[] = [];
    const tracked: EventBacklog = {
      add: (e) => backlog.add(e),
      oldest: (limit) => backlog.oldest(limit),
      remove: async (id) => {
        ops.push(`remove ${id}`);
        await backlog.remove(id);
      },
      count: () => backlog.count(),
    };
    const { deps: d, publisher, logs } = deps(tracked);
    publisher.failIf = (message) => {
      ops.push(`publish ${message.attributes.correlationId}`);
      return false;
    };
    assert.deepEqual(await drainBacklog(d, { reason: 'schedule' }), {
      republished: 3,
      failed: 0,
      remaining: 0,
    });
    assert.deepEqual(ops, [
      'publish c1',
      'remove id-1',
      'publish c2',
      'remove id-2',
      'publish c3',
      'remove id-3',
    ]);
    assert.deepEqual(
      publisher.published.map((m) => ({
        topic: m.topic,
        data: m.data.toString('utf8'),
        attributes: m.attributes,
      })),
      [1, 2, 3].map((n) => ({ topic: entry(n).topic, data: entry(n).data, attributes: entry(n).attributes })),
    );
    const summary = logs.entries().at(-1);
    assert.equal(summary?.message, 'backlog drain finished');
    assert.equal(summary?.severity, 'INFO');
    assert.equal(summary?.reason, 'schedule');
    assert.ok(
      logs.entries().some((e) => e.message === 'backlog entry republished' && e.correlationId === 'c1'),
    );
  });

  it('does nothing on an empty backlog', async () => {
    const { deps: d, publisher } = deps(new InMemoryBacklog());
    assert.deepEqual(await drainBacklog(d, { reason: 'manual' }), {
      republished: 0,
      failed: 0,
      remaining: 0,
    });
    assert.equal(publisher.calls.length, 0);
  });

  it('rides out a transient publish failure with a retry', async (t) => {
    t.mock.method(Math, 'random', () => 0); // zero backoff: no real sleeps
    const backlog = await backlogWith(1, 2);
    const { deps: d, publisher } = deps(backlog);
    publisher.failNext = 1;
    assert.deepEqual(await drainBacklog(d, { reason: 'schedule' }), {
      republished: 2,
      failed: 0,
      remaining: 0,
    });
    assert.equal(publisher.calls.length, 3);
  });

  it('stops at a persistent failure and leaves that entry and the rest for the next drain', async (t) => {
    t.mock.method(Math, 'random', () => 0);
    const backlog = await backlogWith(1, 2, 3, 4, 5);
    const { deps: d, publisher, logs } = deps(backlog);
    publisher.failIf = (message) => message.attributes.correlationId === 'c3';
    assert.deepEqual(await drainBacklog(d, { reason: 'schedule' }), {
      republished: 2,
      failed: 1,
      remaining: 3,
    });
    assert.deepEqual(ids(backlog), ['id-3', 'id-4', 'id-5']);
    const attempted = publisher.calls.map((m) => m.attributes.correlationId);
    assert.deepEqual(
      attempted,
      ['c1', 'c2', 'c3', 'c3', 'c3', 'c3', 'c3'],
      'five tries for c3, none for c4 and c5',
    );
    const warning = logs
      .entries()
      .find((e) => e.message === 'backlog republish failed; will retry on the next drain');
    assert.equal(warning?.backlogId, 'id-3');
    assert.equal(logs.entries().at(-1)?.message, 'backlog drain finished with entries left');
    assert.equal(logs.entries().at(-1)?.severity, 'WARNING');

    publisher.failIf = undefined;
    assert.deepEqual(await drainBacklog(d, { reason: 'schedule' }), {
      republished: 3,
      failed: 0,
      remaining: 0,
    });
    assert.deepEqual(
      publisher.published.map((m) => m.attributes.correlationId),
      ['c1', 'c2', 'c3', 'c4', 'c5'],
    );
  });

  it('republishes at most maxEntries, the oldest ones', async () => {
    const backlog = await backlogWith(5, 4, 3, 2, 1);
    const { deps: d, publisher } = deps(backlog);
    assert.deepEqual(await drainBacklog(d, { reason: 'manual', maxEntries: 2 }), {
      republished: 2,
      failed: 0,
      remaining: 3,
    });
    assert.deepEqual(
      publisher.published.map((m) => m.attributes.correlationId),
      ['c1', 'c2'],
    );
    assert.deepEqual(ids(backlog), ['id-3', 'id-4', 'id-5']);
  });

  it('reads in batches of at most 100 and stops exactly at maxEntries', async () => {
    const backlog = await backlogWith(...range(1, 250));
    const limits: number[] = [];
    const tracked: EventBacklog = {
      add: (e) => backlog.add(e),
      oldest: (limit) => {
        limits.push(limit);
        return backlog.oldest(limit);
      },
      remove: (id) => backlog.remove(id),
      count: () => backlog.count(),
    };
    const { deps: d } = deps(tracked);
    assert.deepEqual(await drainBacklog(d, { reason: 'manual', maxEntries: 150 }), {
      republished: 150,
      failed: 0,
      remaining: 100,
    });
    assert.deepEqual(limits, [100, 50]);
    assert.equal(ids(backlog)[0], 'id-151');
  });

  it('drains more than one batch by default', async () => {
    const backlog = await backlogWith(...range(1, 230));
    const { deps: d } = deps(backlog);
    assert.deepEqual(await drainBacklog(d, { reason: 'schedule' }), {
      republished: 230,
      failed: 0,
      remaining: 0,
    });
  });

  it('keeps an entry whose removal failed after its publish, and republishes it next time (at least once)', async () => {
    const backlog = await backlogWith(1, 2);
    const { deps: d, publisher } = deps(backlog);
    backlog.removeFailure = new Error('instance shut down');
    await assert.rejects(drainBacklog(d, { reason: 'schedule' }), /instance shut down/);
    assert.deepEqual(
      publisher.published.map((m) => m.attributes.correlationId),
      ['c1'],
    );
    assert.deepEqual(ids(backlog), ['id-1', 'id-2']);

    backlog.removeFailure = undefined;
    assert.deepEqual(await drainBacklog(d, { reason: 'schedule' }), {
      republished: 2,
      failed: 0,
      remaining: 0,
    });
    const published = publisher.published.map((m) => m.attributes.correlationId);
    assert.deepEqual(published, ['c1', 'c1', 'c2']);
    assert.equal(publisher.published[0]?.data.toString(), publisher.published[1]?.data.toString());
    assert.deepEqual(publisher.published[0]?.attributes, publisher.published[1]?.attributes);
  });
});

describe('backlogDrainRequestSchema', () => {
  it('accepts what the scheduler publishes to backlog-drain-requests', () => {
    const drains = SCHEDULES.filter((s) => s.topic === TOPICS.backlogDrainRequests);
    assert.ok(drains.length > 0, 'a schedule drains the backlog');
    for (const schedule of drains) {
      const parsed = backlogDrainRequestSchema.safeParse(schedule.payload);
      assert.ok(parsed.success, `${schedule.name}: ${JSON.stringify(parsed.error?.issues)}`);
    }
    // The same payload after its JSON trip through Pub/Sub.
    const payload = SCHEDULES.find((s) => s.topic === TOPICS.backlogDrainRequests)?.payload;
    assert.ok(backlogDrainRequestSchema.safeParse(JSON.parse(JSON.stringify(payload))).success);
  });

  it('accepts a manual drain with a limit, and rejects bad requests', () => {
    assert.deepEqual(backlogDrainRequestSchema.parse({ reason: 'manual', maxEntries: 100_000 }), {
      reason: 'manual',
      maxEntries: 100_000,
    });
    for (const bad of [
      {},
      { reason: 'other' },
      { reason: 'manual', maxEntries: 0 },
      { reason: 'manual', maxEntries: 1.5 },
      { reason: 'manual', maxEntries: 100_001 },
      { reason: 'manual', maxEntries: '10' },
    ]) {
      assert.equal(backlogDrainRequestSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});

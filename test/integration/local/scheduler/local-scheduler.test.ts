import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { LocalScheduler, type SchedulePublish } from '../../../../local/scheduler/local-scheduler';
import { createLogger } from '../../../../shared/kernel/log/logger';
import { SCHEDULES, type ScheduleSpec, TOPICS } from '../../../../shared/kernel/topology';

interface Published {
  topic: string;
  payload: Record<string, unknown>;
  attributes: Record<string, string>;
}

const logLineSchema = z.looseObject({
  severity: z.string(),
  message: z.string(),
  schedule: z.string().optional(),
});

function capturingLogger() {
  const lines: z.infer<typeof logLineSchema>[] = [];
  return { lines, logger: createLogger({}, (line) => lines.push(logLineSchema.parse(JSON.parse(line)))) };
}

const everyMinute: ScheduleSpec = {
  name: 'every-minute',
  cron: '* * * * *',
  timeZone: 'Asia/Tokyo',
  topic: TOPICS.backlogDrainRequests,
  payload: { reason: 'schedule' },
};

describe('LocalScheduler', () => {
  it('runNow publishes the schedule payload to its topic with schedule attributes', async () => {
    const published: Published[] = [];
    const { logger, lines } = capturingLogger();
    const scheduler = new LocalScheduler({
      schedules: SCHEDULES,
      publish: async (topic, payload, attributes) => {
        published.push({ topic, payload, attributes });
      },
      logger,
      now: () => new Date('2025-04-01T03:00:00.000Z'),
    });
    await scheduler.runNow('backlog-drain');
    assert.deepEqual(published, [
      {
        topic: 'backlog-drain-requests',
        payload: { reason: 'schedule' },
        attributes: { schedule: 'backlog-drain', scheduledAt: '2025-04-01T03:00:00.000Z' },
      },
    ]);
    assert.ok(lines.some((l) => l.severity === 'INFO' && l.schedule === 'backlog-drain'));
  });

  it('runNow rejects an unknown schedule and a failed publish, logging the failure', async () => {
    const { logger, lines } = capturingLogger();
    const scheduler = new LocalScheduler({
      schedules: [everyMinute],
      publish: () => Promise.reject(new Error('pubsub down')),
      logger,
    });
    await assert.rejects(scheduler.runNow('nope'), /Unknown schedule "nope"/);
    await assert.rejects(scheduler.runNow('every-minute'), /pubsub down/);
    assert.ok(lines.some((l) => l.severity === 'ERROR' && l.schedule === 'every-minute'));
  });

  it('fires at each next run and keeps going after a failed publish', async () => {
    let clock = Date.parse('2025-01-01T00:00:59.980Z');
    const published: string[] = [];
    const { logger, lines } = capturingLogger();
    let resolve = () => {};
    const secondRun = new Promise<void>((r) => {
      resolve = r;
    });
    const publish: SchedulePublish = async (_topic, _payload, attributes) => {
      published.push(attributes.scheduledAt ?? '');
      if (published.length === 1) {
        // Jump to just before the following minute so the test does not wait a real minute.
        clock = Date.parse('2025-01-01T00:01:59.980Z');
        throw new Error('first publish fails');
      }
      resolve();
    };
    const scheduler = new LocalScheduler({
      schedules: [everyMinute],
      publish,
      logger,
      now: () => new Date(clock),
    });
    scheduler.start();
    try {
      await Promise.race([secondRun, sleep(2000).then(() => assert.fail('second run did not fire'))]);
    } finally {
      scheduler.stop();
    }
    assert.deepEqual(published, ['2025-01-01T00:01:00.000Z', '2025-01-01T00:02:00.000Z']);
    assert.ok(lines.some((l) => l.severity === 'ERROR'));
  });

  it('does not fire a run beyond the timer range early, nor anything after stop', async () => {
    const published: string[] = [];
    const publish: SchedulePublish = async (topic) => {
      published.push(topic);
    };
    const leapDay: ScheduleSpec = { ...everyMinute, name: 'leap-day', cron: '0 0 29 2 *' };
    const farScheduler = new LocalScheduler({
      schedules: [leapDay],
      publish,
      logger: capturingLogger().logger,
      now: () => new Date('2025-01-01T00:00:00Z'),
    });
    farScheduler.start();

    const stopped = new LocalScheduler({
      schedules: [everyMinute],
      publish,
      logger: capturingLogger().logger,
      now: () => new Date('2025-01-01T00:00:59.950Z'),
    });
    stopped.start();
    stopped.stop();

    await sleep(150);
    farScheduler.stop();
    assert.deepEqual(published, []);
  });

  it('rejects a bad cron at construction, naming the field', () => {
    assert.throws(
      () =>
        new LocalScheduler({
          schedules: [{ ...everyMinute, cron: '* 25 * * *' }],
          publish: async () => {},
        }),
      /bad hour field "25"/,
    );
  });
});

import { createLogger, type Logger } from '../../shared/kernel/log/logger';
import type { ScheduleSpec } from '../../shared/kernel/topology';
import { nextRun, parseCron } from './cron-schedule';

/** Publishes one message; the local stack passes one backed by the real Pub/Sub client. */
export type SchedulePublish = (
  topic: string,
  payload: Record<string, unknown>,
  attributes: Record<string, string>,
) => Promise<void>;

export interface LocalSchedulerOptions {
  schedules: readonly ScheduleSpec[];
  publish: SchedulePublish;
  logger?: Logger;
  /** Clock for computing runs; tests move it. */
  now?: () => Date;
}

/** setTimeout's ceiling (about 24.8 days); later runs are reached by re-arming. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Stands in for Cloud Scheduler: publishes each schedule's payload to its topic on its cron and time zone.
 * Like Cloud Scheduler, missed runs (a suspended laptop) are not caught up.
 */
export class LocalScheduler {
  private readonly schedules: readonly ScheduleSpec[];
  private readonly publish: SchedulePublish;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private running = false;

  constructor(options: LocalSchedulerOptions) {
    const names = new Set<string>();
    for (const spec of options.schedules) {
      // A bad cron or a duplicate name fails at startup, not at the first run.
      parseCron(spec.cron);
      if (names.has(spec.name)) throw new Error(`Duplicate schedule name "${spec.name}"`);
      names.add(spec.name);
    }
    this.schedules = options.schedules;
    this.publish = options.publish;
    this.logger = options.logger ?? createLogger({ component: 'local-scheduler' });
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const spec of this.schedules) this.armAfter(spec, this.now());
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Publishes a schedule's message now, as "force run" does in Cloud Scheduler; rejects if publishing fails. */
  async runNow(name: string): Promise<void> {
    const spec = this.schedules.find((s) => s.name === name);
    if (spec === undefined) throw new Error(`Unknown schedule "${name}"`);
    await this.run(spec, this.now());
  }

  private armAfter(spec: ScheduleSpec, after: Date): void {
    const at = nextRun(spec.cron, after, spec.timeZone);
    this.logger.debug('schedule armed', {
      event: 'scheduler.armed',
      schedule: spec.name,
      at: at.toISOString(),
    });
    this.armAt(spec, at);
  }

  private armAt(spec: ScheduleSpec, at: Date): void {
    const delay = at.getTime() - this.now().getTime();
    const timer =
      delay > MAX_TIMER_MS
        ? setTimeout(() => this.armAt(spec, at), MAX_TIMER_MS)
        : setTimeout(() => this.fire(spec, at), Math.max(0, delay));
    // The scheduler alone must not keep the process alive.
    timer.unref();
    this.timers.set(spec.name, timer);
  }

  private fire(spec: ScheduleSpec, at: Date): void {
    if (!this.running) return;
    // Failures are logged in run(); the next run is armed regardless, and without waiting on this publish.
    this.run(spec, at).catch(() => {});
    const now = this.now();
    this.armAfter(spec, now > at ? now : at);
  }

  private async run(spec: ScheduleSpec, scheduledAt: Date): Promise<void> {
    const fields = {
      event: 'scheduler.publish',
      schedule: spec.name,
      topic: spec.topic,
      scheduledAt: scheduledAt.toISOString(),
    };
    try {
      await this.publish(spec.topic, spec.payload, { schedule: spec.name, scheduledAt: fields.scheduledAt });
      this.logger.info('scheduled message published', fields);
    } catch (error) {
      this.logger.error('scheduled message not published', { ...fields, error });
      throw error;
    }
  }
}

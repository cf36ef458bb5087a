import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CdnContract,
  type CdnContractDocument,
  cdnContractSchema,
} from '../../../../shared/cdn/model/contract-schema';
import { type HourlyBucket, hourStartUtcOf } from '../../../../shared/cdn/model/hourly-bucket';
import { CsvUsageError } from '../../../../shared/cdn/sources/csv-usage';
import {
  type UsageRange,
  type UsageSource,
  UsageSourceError,
} from '../../../../shared/cdn/sources/usage-source';
import { cdnPollRequestSchema } from '../../../../shared/cdn/watch/cdn-poll-request';
import type { CdnPollContext, CdnWatchDeps } from '../../../../shared/cdn/watch/cdn-watch-ports';
import { importUsageCsv, UsageImportError } from '../../../../shared/cdn/watch/import-usage';
import { runCdnPoll } from '../../../../shared/cdn/watch/run-cdn-poll';
import { HOUR_MS } from '../../../../shared/kernel/time/jst-calendar';
import { TOPICS } from '../../../../shared/kernel/topology';
import {
  type NotificationMessage,
  notificationMessageSchema,
} from '../../../../shared/notify/message/notification-message';
import { captureLogs } from '../../../support/capture-logs';
import { InMemoryCdnAlertStates } from '../../../support/fakes/in-memory-cdn-alert-states';
import { InMemoryCdnContracts } from '../../../support/fakes/in-memory-cdn-contracts';
import { InMemoryCdnHours } from '../../../support/fakes/in-memory-cdn-hours';
import { InMemoryPublisher } from '../../../support/fakes/in-memory-publisher';

const GB = 1e9;
/** 12:20 JST on 2025-04-20: 19 whole days of April done, 10 left after today. */
const RUN_AT = new Date('2025-04-20T03:20:00Z');
const SETTINGS = { trailingWindowHours: 72 };
const hoursLater = (at: Date, hours: number) => new Date(at.getTime() + hours * HOUR_MS);

/** 100 GB an hour = 72 TB in a 30-day month: a 50 TB commit is crossed at P50, not yet by the actual. */
function contract(overrides: Partial<CdnContractDocument> = {}): CdnContract {
  return cdnContractSchema.parse({
    id: 'acme-cdn',
    displayName: 'Acme CDN',
    provider: 'fastly',
    source: { kind: 'fastly', serviceId: 'svc1', tokenSecret: 'cdn-fastly-token' },
    lagMinutes: 60,
    committed: { amount: 50, unit: 'TB' },
    monthlyFeeYen: 1_000_000,
    overage: { yenPerUnit: 30, unit: 'GB' },
    financeRecipients: { to: ['finance@msp.example'] },
    language: 'en',
    ...overrides,
  });
}

/** A provider: `bytesOf(hour)` per hour, reporting only hours that have ended by `clock()`. */
class FakeSource implements UsageSource {
  readonly ranges: UsageRange[] = [];
  failure: Error | undefined;
  readonly revised = new Map<string, number>();
  constructor(
    private readonly clock: () => Date,
    private readonly bytesPerHour = 100 * GB,
  ) {}
  async fetchHourly(range: UsageRange): Promise<HourlyBucket[]> {
    this.ranges.push(range);
    if (this.failure) throw this.failure;
    const buckets: HourlyBucket[] = [];
    const end = Math.min(range.to.getTime(), this.clock().getTime());
    for (let h = Math.floor(range.from.getTime() / HOUR_MS) * HOUR_MS; h + HOUR_MS <= end; h += HOUR_MS) {
      const hourStartUtc = hourStartUtcOf(new Date(h));
      buckets.push({ hourStartUtc, bytes: this.revised.get(hourStartUtc) ?? this.bytesPerHour });
    }
    return buckets;
  }
}

interface World {
  contracts: InMemoryCdnContracts;
  hours: InMemoryCdnHours;
  alertStates: InMemoryCdnAlertStates;
  source: FakeSource;
  publisher: InMemoryPublisher;
  deps: CdnWatchDeps;
  clock: { now: Date };
  /** Pushes one request as Pub/Sub would, published at `publishedAt` (default: the clock). */
  push(request: unknown, publishedAt?: Date): ReturnType<typeof runCdnPoll>;
  notifications(): NotificationMessage[];
}

function world(...contracts: CdnContract[]): World {
  const clock = { now: RUN_AT };
  const source = new FakeSource(() => clock.now);
  const w: Omit<World, 'deps' | 'push' | 'notifications'> = {
    contracts: new InMemoryCdnContracts(...(contracts.length > 0 ? contracts : [contract()])),
    hours: new InMemoryCdnHours(),
    alertStates: new InMemoryCdnAlertStates(),
    source,
    publisher: new InMemoryPublisher(),
    clock,
  };
  const deps: CdnWatchDeps = {
    contracts: w.contracts,
    hours: w.hours,
    alertStates: w.alertStates,
    sourceFor: () => source,
    publisher: w.publisher,
    logger: captureLogs().logger,
    now: () => clock.now,
  };
  return {
    ...w,
    deps,
    push: (request, publishedAt) => {
      const context: CdnPollContext = { correlationId: 'corr-1', requestedAt: publishedAt ?? clock.now };
      return runCdnPoll(deps, SETTINGS, cdnPollRequestSchema.parse(request), context);
    },
    notifications: () =>
      w.publisher.published
        .filter((m) => m.topic === TOPICS.notifications)
        .map((m) => notificationMessageSchema.parse(JSON.parse(m.data.toString('utf8')))),
  };
}

const pollAt = (w: World, at: Date, contractId = 'acme-cdn') => {
  w.clock.now = at;
  return w.push({ reason: 'contract', contractId, runAt: at.toISOString() });
};

describe('cdn-usage fan-out', () => {
  it('the hourly schedule publishes one contract message per enabled contract, at the publish time', async () => {
    const w = world(contract(), contract({ id: 'beta-cdn' }), contract({ id: 'old-cdn', enabled: false }));
    w.contracts.unreadable = [{ id: 'broken-cdn', problem: 'committed: required' }];
    const outcome = await w.push({ reason: 'schedule' }, RUN_AT);
    assert.deepEqual(outcome, { kind: 'fanned-out', reason: 'schedule', messages: 2 });
    const messages = w.publisher.published.map((m) => ({
      topic: m.topic,
      data: cdnPollRequestSchema.parse(JSON.parse(m.data.toString('utf8'))),
      contractId: m.attributes.contractId,
    }));
    assert.deepEqual(messages, [
      {
        topic: TOPICS.cdnPolls,
        data: { reason: 'contract', contractId: 'acme-cdn', runAt: RUN_AT.toISOString() },
        contractId: 'acme-cdn',
      },
      {
        topic: TOPICS.cdnPolls,
        data: { reason: 'contract', contractId: 'beta-cdn', runAt: RUN_AT.toISOString() },
        contractId: 'beta-cdn',
      },
    ]);
    assert.equal(w.source.ranges.length, 0, 'the fan-out itself polls nothing');
  });

  it('the 09:00 digest fans out a digest per contract, and a month close once the grace days have passed', async () => {
    const w = world(contract({ graceDays: 5 }), contract({ id: 'beta-cdn', graceDays: 0 }));
    const sixthAtNine = new Date('2025-05-06T00:00:00Z');
    await w.push({ reason: 'daily-digest' }, sixthAtNine);
    const data = w.publisher.published.map((m) => JSON.parse(m.data.toString('utf8')));
    assert.deepEqual(data, [
      { reason: 'digest', contractId: 'acme-cdn', date: '2025-05-06' },
      { reason: 'month-close', contractId: 'acme-cdn', month: '2025-04' },
      { reason: 'digest', contractId: 'beta-cdn', date: '2025-05-06' },
    ]);
  });
});

describe('cdn-usage per-contract poll', () => {
  it('a new contract back-fills its history once; later runs re-fetch the trailing 72 h', async () => {
    const w = world();
    await pollAt(w, RUN_AT);
    await pollAt(w, hoursLater(RUN_AT, 1));
    const [first, second] = w.source.ranges;
    assert.equal(first?.from.toISOString(), '2025-02-03T15:00:00.000Z', '56 days before April (JST)');
    assert.equal(second?.from.toISOString(), hoursLater(RUN_AT, 1 - 72).toISOString());
  });

  it('the same run twice stores the same hours and mails nothing the second time', async () => {
    const w = world(contract({ thresholds: { confirmRuns: 1 } }));
    await pollAt(w, RUN_AT);
    const hoursAfterFirst = w.hours.bytesOf('acme-cdn');
    const mailed = w.notifications().length;
    assert.ok(mailed > 0, 'the crossing is mailed');
    assert.equal(Object.keys(hoursAfterFirst).length, 56 * 24 + 19 * 24 + 12);
    await pollAt(w, RUN_AT);
    assert.deepEqual(w.hours.bytesOf('acme-cdn'), hoursAfterFirst);
    assert.equal(w.notifications().length, mailed);
  });

  it('a late or revised bucket replaces the stored one; young hours are provisional until the lag passes', async () => {
    const w = world();
    await pollAt(w, RUN_AT);
    const lastHour = '2025-04-20T02:00:00Z';
    assert.equal(w.hours.hour('acme-cdn', lastHour)?.provisional, true, 'ended 20 minutes ago, lag 60');
    const earlier = '2025-04-19T10:00:00Z';
    w.source.revised.set(earlier, 130 * GB);
    await pollAt(w, hoursLater(RUN_AT, 1));
    assert.equal(w.hours.hour('acme-cdn', earlier)?.bytes, 130 * GB);
    assert.equal(w.hours.hour('acme-cdn', lastHour)?.provisional, false);
  });

  it('a crossing confirmed by two runs is mailed once, and not again on the next hourly runs', async () => {
    const w = world();
    await pollAt(w, RUN_AT);
    assert.deepEqual(w.notifications(), [], 'one run is not confirmation');
    await pollAt(w, hoursLater(RUN_AT, 1));
    const mailed = w.notifications();
    const kinds = mailed.map((n) => n.report?.subject.replace(/ \(.*$/, ''));
    assert.deepEqual(kinds.sort(), [
      '[INFO] CDN acme-cdn: overage possible this month',
      '[WARNING] CDN acme-cdn: overage likely this month',
    ]);
    for (const n of mailed) {
      assert.equal(n.kind, 'report');
      assert.deepEqual(n.recipients, { to: ['finance@msp.example'], cc: [] });
      assert.equal(n.routeId, 'cdn:acme-cdn');
      assert.equal(n.correlationId, 'corr-1');
      assert.match(n.id, /^cdn-acme-cdn-[0-9a-f]{24}$/);
    }
    await pollAt(w, hoursLater(RUN_AT, 2));
    await pollAt(w, hoursLater(RUN_AT, 3));
    assert.equal(w.notifications().length, 2);
    const likely = [...w.alertStates.states.values()].find((s) => s.kind === 'overage-likely');
    assert.equal(likely?.status, 'active');
    assert.equal(likely?.firedAt, hoursLater(RUN_AT, 1).toISOString());
  });

  it('a redelivery after a crash between publish and store publishes the same notification ids', async () => {
    const w = world(contract({ thresholds: { confirmRuns: 1 } }));
    w.alertStates.failNextPut = true;
    await assert.rejects(pollAt(w, RUN_AT), /before the states were stored/);
    const firstIds = w.notifications().map((n) => n.id);
    assert.equal(firstIds.length, 2);
    assert.equal(w.alertStates.states.size, 0);
    w.clock.now = hoursLater(RUN_AT, 0.1);
    await w.push({ reason: 'contract', contractId: 'acme-cdn', runAt: RUN_AT.toISOString() });
    const ids = w.notifications().map((n) => n.id);
    assert.deepEqual(ids.slice(2), firstIds, 'the mailer sends each id once');
    assert.ok(w.alertStates.states.size > 0);
    await pollAt(w, hoursLater(RUN_AT, 1));
    assert.equal(w.notifications().length, 4, 'stored at last: nothing more');
  });

  for (const failure of [
    new UsageSourceError('rate-limited', 'Fastly stats API answered 429: too many requests', {
      status: 429,
      retryable: true,
    }),
    new UsageSourceError(
      'auth',
      'Fastly stats API answered 401: Provided credentials are missing or invalid',
      {
        status: 401,
      },
    ),
  ]) {
    it(`a failing source (${failure.kind}) throws for Pub/Sub to retry, touching nothing`, async () => {
      const w = world(contract({ thresholds: { confirmRuns: 1 } }));
      await pollAt(w, RUN_AT);
      const hoursBefore = w.hours.bytesOf('acme-cdn');
      const statesBefore = structuredClone([...w.alertStates.states.values()]);
      const published = w.publisher.published.length;
      const upserts = w.hours.upserts;
      w.source.failure = failure;
      await assert.rejects(pollAt(w, hoursLater(RUN_AT, 1)), failure);
      assert.equal(w.hours.upserts, upserts);
      assert.deepEqual(w.hours.bytesOf('acme-cdn'), hoursBefore);
      assert.deepEqual([...w.alertStates.states.values()], statesBefore);
      assert.equal(w.publisher.published.length, published);
    });
  }

  it('a source that refuses the long backfill still gets the trailing window asked for', async () => {
    const w = world();
    const refusing = new FakeSource(() => w.clock.now);
    const realFetch = refusing.fetchHourly.bind(refusing);
    refusing.fetchHourly = async (range) => {
      if (range.to.getTime() - range.from.getTime() > 72 * HOUR_MS) {
        throw new UsageSourceError('bad-response', 'Cloudflare GraphQL API answered 400: range too long');
      }
      return realFetch(range);
    };
    w.deps.sourceFor = () => refusing;
    await pollAt(w, RUN_AT);
    assert.equal(Object.keys(w.hours.bytesOf('acme-cdn')).length, 72);
  });

  it('a CSV contract is never fetched: it is assessed from imported hours', async () => {
    const w = world(contract({ source: { kind: 'csv' }, thresholds: { confirmRuns: 1 } }));
    const csv = ['hour_start_utc,bytes'];
    for (let h = Date.parse('2025-03-31T15:00:00Z'); h < RUN_AT.getTime() - HOUR_MS; h += HOUR_MS) {
      csv.push(`${new Date(h).toISOString()},${100 * GB}`);
    }
    await importUsageCsv(w.deps, 'acme-cdn', csv.join('\n'));
    await pollAt(w, RUN_AT);
    assert.equal(w.source.ranges.length, 0);
    assert.ok(w.notifications().some((n) => n.report?.subject.includes('overage likely')));
  });

  it('skips a contract that is unknown, disabled, or a run time far in the future', async () => {
    const w = world(contract({ enabled: false }));
    assert.equal((await pollAt(w, RUN_AT, 'nobody')).kind, 'skipped');
    assert.deepEqual(await pollAt(w, RUN_AT), { kind: 'skipped', contractId: 'acme-cdn', why: 'disabled' });
    w.clock.now = RUN_AT;
    const future = await w.push({
      reason: 'contract',
      contractId: 'acme-cdn',
      runAt: '2030-01-01T00:00:00Z',
    });
    assert.deepEqual(future, { kind: 'skipped', contractId: 'acme-cdn', why: 'run-in-future' });
    assert.equal(w.source.ranges.length, 0);
  });
});

describe('cdn-usage daily digest and month close', () => {
  it('the digest mails the figures once per contract and JST date (ja and en parse)', async () => {
    const w = world(contract(), contract({ id: 'beta-cdn', language: 'ja' }));
    await pollAt(w, RUN_AT);
    await pollAt(w, RUN_AT, 'beta-cdn');
    const nine = new Date('2025-04-21T00:00:00Z');
    w.clock.now = nine;
    await w.push({ reason: 'digest', contractId: 'acme-cdn', date: '2025-04-21' }, nine);
    await w.push({ reason: 'digest', contractId: 'beta-cdn' }, nine);
    await w.push({ reason: 'digest', contractId: 'acme-cdn', date: '2025-04-21' }, hoursLater(nine, 0.05));
    const digests = w.notifications().filter((n) => n.id.startsWith('cdn-digest-'));
    assert.deepEqual(
      digests.map((n) => n.id),
      ['cdn-digest-acme-cdn-2025-04-21', 'cdn-digest-beta-cdn-2025-04-21', 'cdn-digest-acme-cdn-2025-04-21'],
    );
    const [en, ja] = digests;
    assert.equal(en?.language, 'en');
    assert.match(
      en?.report?.subject ?? '',
      /^\[WARNING\] CDN acme-cdn: 2025-04-21: actual \d+(\.\d)?% of 50 TB, P50 1\d\d/,
    );
    assert.equal(ja?.language, 'ja');
    assert.match(
      ja?.report?.subject ?? '',
      /^\[WARNING\] CDN beta-cdn: 2025-04-21 実績 \d+(\.\d)?% \/ 50 TB、予測 P50/,
    );
    assert.ok(ja?.report?.notes.some((note) => note.includes('配信量を制限しません')));
  });

  it('the month close reports the closed month, and nothing for a month not over', async () => {
    const w = world();
    await pollAt(w, new Date('2025-05-01T03:20:00Z'));
    const sixth = new Date('2025-05-06T00:00:00Z');
    w.clock.now = sixth;
    const closed = await w.push({ reason: 'month-close', contractId: 'acme-cdn', month: '2025-04' }, sixth);
    assert.deepEqual(closed, {
      kind: 'reported',
      contractId: 'acme-cdn',
      notificationId: 'cdn-close-acme-cdn-2025-04',
    });
    const [n] = w.notifications().filter((m) => m.id === 'cdn-close-acme-cdn-2025-04');
    // 30 days of 100 GB an hour: 72 TB, 22,000 GB over at 30 yen.
    assert.equal(
      n?.report?.subject,
      '[WARNING] CDN acme-cdn: 2025-04 closed at 144% of 50 TB, overage 22,000 GB ≈ ¥660,000',
    );
    const early = await w.push({ reason: 'month-close', contractId: 'acme-cdn', month: '2025-05' }, sixth);
    assert.equal(early.kind, 'skipped');
  });
});

describe('cdn usage CSV import', () => {
  const csv = (rows: string[]) => ['hour_start_utc,bytes', ...rows].join('\n');

  it('stores the hours through the hour store and totals the touched JST months in the contract unit', async () => {
    const w = world();
    const rows = [
      '2025-03-31T14:00:00Z,2000000000000',
      '2025-03-31T15:00:00Z,5000000000000',
      '2025-03-31T16:00:00Z,5000000000000',
    ];
    const result = await importUsageCsv(w.deps, 'acme-cdn', csv(rows));
    assert.equal(result.hours, 3);
    assert.deepEqual(
      result.months.map((m) => [m.month, m.amount, m.percent, m.hoursStored, m.hoursInMonth]),
      [
        ['2025-03', 2, 4, 1, 744],
        ['2025-04', 10, 20, 2, 720],
      ],
    );
    const again = await importUsageCsv(w.deps, 'acme-cdn', csv(rows));
    assert.deepEqual(again.months, result.months, 're-importing replaces the same hours');
  });

  it('names the problem: unknown contract, bad line, no rows', async () => {
    const w = world();
    await assert.rejects(importUsageCsv(w.deps, 'nobody', csv(['2025-04-01T00:00:00Z,1'])), UsageImportError);
    await assert.rejects(importUsageCsv(w.deps, 'acme-cdn', csv(['2025-04-01T00:00:00Z,lots'])), (error) => {
      assert.ok(error instanceof CsvUsageError);
      assert.match(error.message, /^line 2, column 2 \(bytes\)/);
      return true;
    });
    await assert.rejects(importUsageCsv(w.deps, 'acme-cdn', csv([])), /no rows/);
    assert.equal(w.hours.upserts, 0);
  });
});

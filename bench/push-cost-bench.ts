import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { freePort } from '../local/free-port';
import { type RunningFunction, startFunctionProcess } from '../local/functions/function-process';
import { buildPushBody } from '../local/pubsub/push-body';
import { benchOrgNames, benchTokenOf, seedBenchOrgs, startBenchStack } from './bench-orgs';
import { BENCH_DIST, buildBenchCode } from './build-bench-code';
import { criticalAlertTemplate } from './critical-alert-template';
import { processCpuMs } from './process-cpu';
import { routerFinals } from './router-finals';

const PROJECT = 'cost-local';
/** Webhooks per second offered in each phase: a steady load, well below what the router can take. */
const RATE_PER_SECOND = 25;
/** Events of each kind run with the promise counter on (it costs CPU, so it is off for the CPU phases). */
const COUNTED_EVENTS = 40;

/** In this order, per org: its first alert (the org's first event, so its routing is loaded), a second one. */
const KINDS = ['first alert', 'folded into a digest', 'duplicate', 'recovery'] as const;
type Kind = (typeof KINDS)[number];

const template = criticalAlertTemplate;

/** One org's webhook of a kind: its first alert (critical), a second alert, that first again, its recovery. */
function bodyOf(org: string, kind: Kind): string {
  const alert = (n: number) => ({ ...template.alert, id: `Cost${org.replace(/\W/g, '')}${n}` });
  const opened = { ...template, orgName: org, message: `CPU % 97.5 > 90 ${org}`, alert: alert(1) };
  switch (kind) {
    case 'first alert':
    case 'duplicate':
      return JSON.stringify(opened);
    case 'folded into a digest':
      return JSON.stringify({
        ...opened,
        alert: { ...alert(2), openedAt: Number(template.alert.openedAt) + 60 },
      });
    case 'recovery':
      return JSON.stringify({
        ...opened,
        message: `CPU % 12.1 ${org}`,
        alert: { ...alert(1), status: 'ok', isOpen: false, closedAt: Number(template.alert.openedAt) + 600 },
      });
  }
}

interface CallCounts {
  switches: number;
  promises: number;
  rpcs: Record<string, number>;
}

/** Switches a process's call counter on or off (see instrument/call-counter.ts). */
function switchCounter(fn: RunningFunction): void {
  if (fn.pid !== undefined) process.kill(fn.pid, 'SIGUSR2');
}

/** Switches the counter off and reads what it counted: the file its `switches`-th switch writes. */
async function countsAtSwitchOff(
  fn: RunningFunction,
  dir: string,
  switches: number,
): Promise<CallCounts | undefined> {
  switchCounter(fn);
  const file = join(dir, `${fn.pid}.json`);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    try {
      const counts = JSON.parse(readFileSync(file, 'utf8')) as CallCounts;
      if (counts.switches === switches) return counts;
    } catch {
      // not written yet
    }
    await sleep(20);
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function paced(count: number, send: (i: number) => Promise<void>): Promise<void> {
  const started = Date.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await sleep(Math.max(0, started + (i * 1000) / RATE_PER_SECOND - Date.now()));
      await send(i);
    }),
  );
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

interface PhaseCost {
  kind: Kind;
  events: number;
  routerCpuMs: number;
  mails: number;
  mailerCpuMs: number;
  intakeCpuMs: number;
  counts: CallCounts | undefined;
  countedEvents: number;
  mailerCounts: CallCounts | undefined;
  countedMails: number;
}

/**
 * CPU per event of each push function's process (read from /proc around a phase of one event kind),
 * beside a no-op push function's CPU per push in the same run, with the gRPC calls and promises per event
 * counted in a separate phase of the same kind. Events go through the whole local stack (intake, local
 * Pub/Sub, router, mailer) at a steady rate; the demo seed's MSP-wide critical route is in play, so a
 * first alert also folds into the NOC's cross-org digest, as in production.
 */
export async function pushCostBenchmark(eventsPerKind: number): Promise<string[]> {
  await buildBenchCode({
    'call-counter': join(__dirname, 'instrument', 'call-counter.ts'),
    'noop-push/index': join(__dirname, 'noop-push-function', 'index.ts'),
  });
  const countsDir = mkdtempSync(join(tmpdir(), 'push-cost-'));
  process.env.BENCH_CALL_COUNTS_DIR = countsDir;
  const nodeArgs = ['--require', join(BENCH_DIST, 'call-counter.js')];
  const finals = routerFinals();
  const stack = await startBenchStack(PROJECT, {
    functionNodeArgs: nodeArgs,
    onFunctionLine: finals.onFunctionLine,
  });
  const noop = await startFunctionProcess({
    name: 'noop-push',
    entryPoint: 'noopPush',
    source: join(BENCH_DIST, 'noop-push'),
    nodeArgs,
    port: await freePort(),
    env: stack.env,
    onLine: () => {},
  });
  const db = new Firestore({ projectId: PROJECT });
  try {
    const proc = (name: string): RunningFunction => {
      const fn = stack.processes.get(name);
      if (fn === undefined) throw new Error(`no ${name} process in the local stack`);
      return fn;
    };
    const [router, mailer, intake] = [proc('router'), proc('mailer'), proc('intake')];
    const cpuOf = (fn: RunningFunction) => processCpuMs(fn.pid) ?? Number.NaN;

    const warm = benchOrgNames(10).map((o) => `warm-${o}`);
    const measured = benchOrgNames(eventsPerKind).map((o) => `cost-${o}`);
    const counted = benchOrgNames(COUNTED_EVENTS).map((o) => `count-${o}`);
    await seedBenchOrgs(db, [...warm, ...measured, ...counted], 3600);

    const post = async (orgs: readonly string[], kind: Kind) => {
      const target = finals.count() + orgs.length;
      await paced(orgs.length, async (i) => {
        const org = orgs[i] ?? '';
        const res = await fetch(`${stack.intakeUrl}/hooks/mackerel/${benchTokenOf(org)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bodyOf(org, kind),
        });
        await res.arrayBuffer();
        if (res.status !== 204) throw new Error(`intake answered ${res.status} to a ${kind} webhook`);
      });
      if (!(await until(() => finals.count() >= target, 60_000)))
        throw new Error(`the router did not finish ${kind}`);
    };
    // The mails of a phase: done when the count has held still for a second.
    const settle = async () => {
      let seen = -1;
      while (stack.sendgrid.messages().length !== seen) {
        seen = stack.sendgrid.messages().length;
        await sleep(1000);
      }
    };

    for (const kind of KINDS) await post(warm, kind);
    await settle();

    const phases: PhaseCost[] = [];
    let switches = 0;
    for (const kind of KINDS) {
      const before = { router: cpuOf(router), mailer: cpuOf(mailer), intake: cpuOf(intake) };
      const mailsBefore = stack.sendgrid.messages().length;
      await post(measured, kind);
      await settle();
      const phase: PhaseCost = {
        kind,
        events: measured.length,
        routerCpuMs: cpuOf(router) - before.router,
        mails: stack.sendgrid.messages().length - mailsBefore,
        mailerCpuMs: cpuOf(mailer) - before.mailer,
        intakeCpuMs: cpuOf(intake) - before.intake,
        counts: undefined,
        countedEvents: counted.length,
        mailerCounts: undefined,
        countedMails: 0,
      };
      switchCounter(router);
      switchCounter(mailer);
      const countedBefore = stack.sendgrid.messages().length;
      await post(counted, kind);
      await settle();
      switches += 2;
      phase.counts = await countsAtSwitchOff(router, countsDir, switches);
      phase.mailerCounts = await countsAtSwitchOff(mailer, countsDir, switches);
      phase.countedMails = stack.sendgrid.messages().length - countedBefore;
      phases.push(phase);
    }

    // The no-op baseline: the same number of pushes, posted straight to it at the same rate.
    const pushes = eventsPerKind * 2;
    const noopBody = (i: number) =>
      JSON.stringify(
        buildPushBody(
          {
            messageId: `noop-${i}`,
            data: Buffer.from(bodyOf(measured[0] ?? 'noop', 'first alert')),
            attributes: { org: 'noop', correlationId: `noop-${i}` },
            publishTime: new Date().toISOString(),
          },
          `projects/${PROJECT}/subscriptions/noop`,
          1,
        ),
      );
    const warmNoop = async (count: number) =>
      paced(count, async (i) => {
        const res = await fetch(`${noop.url}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: noopBody(i),
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`the no-op push function answered ${res.status}`);
      });
    await warmNoop(40);
    const noopBefore = cpuOf(noop);
    await warmNoop(pushes);
    const noopCpu = (cpuOf(noop) - noopBefore) / pushes;
    switchCounter(noop);
    await warmNoop(COUNTED_EVENTS);
    const noopCounts = await countsAtSwitchOff(noop, countsDir, 2);

    return formatCosts(eventsPerKind, noopCpu, noopCounts, phases);
  } finally {
    await noop.stop();
    await db.terminate();
    await stack.stop();
    rmSync(countsDir, { recursive: true, force: true });
  }
}

function rpcSummary(counts: CallCounts | undefined, events: number): string {
  if (counts === undefined) return 'calls not counted';
  const per = (n: number) => (n / events).toFixed(1);
  const total = Object.values(counts.rpcs).reduce((a, b) => a + b, 0);
  const methods = Object.entries(counts.rpcs)
    .sort(([, a], [, b]) => b - a)
    .map(([method, n]) => `${method} ${per(n)}`)
    .join(', ');
  return `${per(total)} gRPC calls (${methods || 'none'}), ${per(counts.promises)} promises`;
}

function formatCosts(
  events: number,
  noopCpu: number,
  noopCounts: CallCounts | undefined,
  phases: readonly PhaseCost[],
): string[] {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const alertPhases = phases.filter((p) => p.kind === 'first alert' || p.kind === 'folded into a digest');
  const worstAlert = Math.max(...alertPhases.map((p) => p.routerCpuMs / p.events));
  const mails = phases.reduce((a, p) => a + p.mails, 0);
  const mailerPerMail = phases.reduce((a, p) => a + p.mailerCpuMs, 0) / Math.max(1, mails);
  const intakePer = phases.reduce((a, p) => a + p.intakeCpuMs, 0) / phases.reduce((a, p) => a + p.events, 0);
  const mailerCounts = phases.reduce<CallCounts>(
    (sum, p) => ({
      switches: 0,
      promises: sum.promises + (p.mailerCounts?.promises ?? 0),
      rpcs: Object.fromEntries(
        [...new Set([...Object.keys(sum.rpcs), ...Object.keys(p.mailerCounts?.rpcs ?? {})])].map((m) => [
          m,
          (sum.rpcs[m] ?? 0) + (p.mailerCounts?.rpcs[m] ?? 0),
        ]),
      ),
    }),
    { switches: 0, promises: 0, rpcs: {} },
  );
  const countedMails = phases.reduce((a, p) => a + p.countedMails, 0);
  return [
    `push cost: CPU per event of each function's process, ${events} events per kind at ${RATE_PER_SECOND}/s, calls counted over ${COUNTED_EVENTS} more (${new Date().toISOString()})`,
    `  no-op push function: ${ms(noopCpu)} CPU per push (baseline); ${rpcSummary(noopCounts, COUNTED_EVENTS)}`,
    ...phases.map((p) => {
      const cpu = p.routerCpuMs / p.events;
      return `  router, ${p.kind.padEnd(20)} ${ms(cpu)} CPU per event (${(cpu / noopCpu).toFixed(1)}x no-op); ${rpcSummary(p.counts, p.countedEvents)}; mails ${p.mails}`;
    }),
    `  mailer: ${ms(mailerPerMail)} CPU per mail (${(mailerPerMail / noopCpu).toFixed(1)}x no-op) over ${mails} mails; ${rpcSummary(mailerCounts, Math.max(1, countedMails))} per mail`,
    `  intake: ${ms(intakePer)} CPU per webhook`,
    `router <= 8 ms per alert event: ${worstAlert <= 8 ? 'met' : 'NOT met'} (worst ${ms(worstAlert)}); <= 10x no-op: ${worstAlert <= 10 * noopCpu ? 'met' : 'NOT met'}; mailer <= 3 ms per mail: ${mailerPerMail <= 3 ? 'met' : 'NOT met'}`,
  ];
}

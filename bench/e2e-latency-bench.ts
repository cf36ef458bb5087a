import { Firestore } from '@google-cloud/firestore';
import type { LocalStack } from '../local/local-stack';
import { benchOrgNames, benchTokenOf, oncallOf, seedBenchOrgs, startBenchStack } from './bench-orgs';
import { criticalAlertTemplate } from './critical-alert-template';
import { percentile } from './percentile';

/**
 * The rates measured, with their targets. Each org gets an event every orgs / rate = 2 s, beyond its
 * route's 1 s group window: nothing is folded.
 */
const RUNS = [
  { rate: 20, orgs: 40, p50TargetMs: 150, p99TargetMs: 1000 },
  { rate: 50, orgs: 100, p50TargetMs: undefined, p99TargetMs: 2000 },
] as const;
type Run = (typeof RUNS)[number];

interface Sent {
  org: string;
  marker: string;
  postedAt: number;
  answeredAt: number;
  status: number;
}

const template = criticalAlertTemplate;

async function sendOne(stack: LocalStack, org: string, i: number): Promise<Sent> {
  const marker = `e2e-${i}`;
  const body = JSON.stringify({
    ...template,
    orgName: org,
    message: `CPU % 97.5 > 90 ${marker}`,
    alert: { ...template.alert, id: `BenchAlrt${i}` },
  });
  const postedAt = Date.now();
  const res = await fetch(`${stack.intakeUrl}/hooks/mackerel/${benchTokenOf(org)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { org, marker, postedAt, answeredAt: Date.now(), status: res.status };
}

async function sendAtRate(
  stack: LocalStack,
  plan: ReadonlyArray<{ org: string; i: number }>,
  rate: number,
): Promise<Sent[]> {
  const started = Date.now();
  return Promise.all(
    plan.map(async ({ org, i }, n) => {
      await new Promise((r) => setTimeout(r, Math.max(0, started + (n * 1000) / rate - Date.now())));
      return sendOne(stack, org, i);
    }),
  );
}

const mailFor = (stack: LocalStack, s: Sent) =>
  stack.sendgrid.messages().find((m) => m.to.includes(oncallOf(s.org)) && m.subject.endsWith(` ${s.marker}`));

async function waitForMails(stack: LocalStack, list: readonly Sent[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (list.some((s) => !mailFor(stack, s)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
}

/**
 * Webhook accepted -> mail received by the SendGrid stand-in, through the whole local stack (intake,
 * local Pub/Sub, router, mailer, real clients), at a steady 20 events/s over 40 orgs and then 50 events/s
 * over 100 orgs, whose default route has a 1 s group window, so storm grouping does not fold the events
 * measured. A warm-up round (one event per org, not measured) fills the caches as a running system has
 * them. The baseline in the same run is intake's own answer time for the same requests.
 */
export async function e2eLatencyBenchmark(events: number): Promise<string[]> {
  const stack = await startBenchStack('bench-local');
  const db = new Firestore({ projectId: 'bench-local' });
  try {
    const lines: string[] = [];
    let offset = 0;
    for (const run of RUNS) {
      lines.push(...(await measureRun(stack, db, run, events, offset)));
      offset += events + run.orgs;
    }
    return lines;
  } finally {
    await db.terminate();
    await stack.stop();
  }
}

async function measureRun(
  stack: LocalStack,
  db: Firestore,
  run: Run,
  events: number,
  offset: number,
): Promise<string[]> {
  const orgs = benchOrgNames(run.orgs);
  await seedBenchOrgs(db, orgs, 1);
  await waitForMails(
    stack,
    await sendAtRate(
      stack,
      orgs.map((org, i) => ({ org, i: -1 - offset - i })),
      run.rate,
    ),
  );
  const sent = await sendAtRate(
    stack,
    Array.from({ length: events }, (_, i) => ({ org: orgs[i % run.orgs] ?? '', i: offset + i })),
    run.rate,
  );
  await waitForMails(stack, sent);

  const e2e = sent.flatMap((s) => {
    const mail = mailFor(stack, s);
    return mail ? [Date.parse(mail.receivedAt) - s.postedAt] : [];
  });
  const answers = sent.map((s) => s.answeredAt - s.postedAt);
  const markers = new Set(sent.map((s) => s.marker));
  // The demo seed's MSP-wide route (NOC, every critical) mails too; count the orgs' own routes.
  const mails = stack.sendgrid
    .messages()
    .filter(
      (m) =>
        markers.has(m.subject.split(' ').pop() ?? '') && m.to.some((to) => to.startsWith('oncall@bench-')),
    );
  const p50 = percentile(e2e, 50);
  const p99 = percentile(e2e, 99);
  const verdict = (label: string, value: number, target: number | undefined) =>
    target === undefined ? [] : [`e2e ${label} <= ${target} ms: ${value <= target ? 'met' : 'NOT met'}`];
  return [
    `end-to-end latency, webhook -> mail at ${run.rate} events/s (${events} events over ${run.orgs} orgs, ${new Date().toISOString()})`,
    `  intake answers: ${sent.filter((s) => s.status === 204).length}/${events} 204, p50 ${percentile(answers, 50)} ms, p99 ${percentile(answers, 99)} ms (baseline)`,
    `  mails to the orgs' routes: ${mails.length} for ${events} events (one expected each); received ${e2e.length}/${events}`,
    `  webhook -> mail: p50 ${p50} ms, p99 ${p99} ms, max ${Math.max(...e2e)} ms`,
    `  e2e / intake-answer p50 ratio: ${(p50 / Math.max(1, percentile(answers, 50))).toFixed(1)}x`,
    [...verdict('p50', p50, run.p50TargetMs), ...verdict('p99', p99, run.p99TargetMs)].join('; '),
  ];
}

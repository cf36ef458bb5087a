import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Firestore } from '@google-cloud/firestore';
import { PubSub } from '@google-cloud/pubsub';
import { firestoreOrgAudits } from '../shared/audit/adapters/firestore-org-audits';
import { DAY_MS, jstDateOf } from '../shared/kernel/time/jst-calendar';
import { TOPICS } from '../shared/kernel/topology';

/** Days of billable-host history seeded per org, so the console's 90-day chart has a line to draw. */
const HISTORY_DAYS = 45;

/**
 * Host counts per day for the demo orgs as if the audit had run for weeks: demo grows by one host now and
 * then, acme crosses its quota. The audit's own rounds overwrite today from the first round on.
 */
export async function seedHostCountHistory(db: Firestore, now: Date): Promise<void> {
  const audits = firestoreOrgAudits(db);
  const curves: Record<string, (daysAgo: number) => number> = {
    demo: (daysAgo) => 5 - Math.floor(daysAgo / 15),
    acme: (daysAgo) => (daysAgo < 10 ? 3 : 2),
  };
  for (const [org, billableAt] of Object.entries(curves)) {
    for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo -= 1) {
      const at = new Date(now.getTime() - daysAgo * DAY_MS);
      const billable = billableAt(daysAgo);
      await audits.putHostCountDay({
        org,
        date: jstDateOf(at),
        billable,
        peak: billable + (daysAgo % 7 === 0 ? 1 : 0),
        low: billable,
        rounds: 24,
        updatedAt: Math.floor(at.getTime() / 1000),
      });
    }
  }
}

/**
 * The demo alerts, derived from the quick start's example but with alerts of their own (the quick start's
 * post still mails): a critical on web00 and a warning on db01.
 */
async function demoWebhookBodies(): Promise<unknown[]> {
  const example = JSON.parse(
    await readFile(join(__dirname, 'examples', 'demo-alert-critical.json'), 'utf8'),
  ) as Record<string, Record<string, unknown>>;
  const openedAt = Math.floor(Date.now() / 1000) - 600;
  const times = { openedAt, createdAt: openedAt * 1000, statusChangedAt: openedAt };
  const variant = (
    id: string,
    host: Record<string, unknown>,
    alert: Record<string, unknown>,
    message: string,
  ) => ({
    ...example,
    message,
    host: { ...example.host, ...host },
    alert: { ...example.alert, ...times, id, url: `https://mackerel.io/orgs/demo/alerts/${id}`, ...alert },
  });
  return [
    variant(
      '4AlrtDemo001',
      { id: '3xHostM2n3O', name: 'web00' },
      { monitorName: 'Load average', metricLabel: 'loadavg5', metricValue: 12.4, criticalThreshold: 8 },
      'loadavg5 12.4 > 8',
    ),
    variant(
      '4AlrtDemo002',
      { id: '3xHostD4e5F', name: 'db01', status: 'standby', roles: [] },
      {
        status: 'warning',
        monitorName: 'Disk %',
        metricLabel: 'disk%',
        metricValue: 85.1,
        warningThreshold: 80,
      },
      'Disk % 85.1 > 80',
    ),
  ];
}

export interface DemoActivityTargets {
  projectId: string;
  pubsubHost: string;
  demoWebhookUrl: string;
}

/**
 * What `npm start` does once the stack is up, so every console page has something to show: a few alerts
 * through the real intake, an audit round and a CDN poll now instead of at the next hour, and a probe
 * round now instead of at the next minute.
 */
export async function startDemoActivity(targets: DemoActivityTargets): Promise<void> {
  for (const body of await demoWebhookBodies()) {
    await fetch(targets.demoWebhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
  const pubsub = new PubSub({
    projectId: targets.projectId,
    apiEndpoint: targets.pubsubHost,
    emulatorMode: true,
  });
  try {
    const attributes = { correlationId: `demo-start-${Date.now()}` };
    await pubsub.topic(TOPICS.auditRequests).publishMessage({ json: { reason: 'schedule' }, attributes });
    await pubsub.topic(TOPICS.cdnPolls).publishMessage({ json: { reason: 'schedule' }, attributes });
    await pubsub.topic(TOPICS.probeRequests).publishMessage({ json: { reason: 'schedule' }, attributes });
  } finally {
    await pubsub.close();
  }
}

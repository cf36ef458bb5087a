import { join } from 'node:path';
import type { Firestore } from '@google-cloud/firestore';
import { MackerelApiClient } from '../shared/mackerel/api/mackerel-api-client';
import { monitorSpecSchema } from '../shared/mackerel/api/monitor-spec';
import { firestoreMonitorPlans } from '../shared/monitors/adapters/firestore-monitor-plans';
import { readTemplateFolder } from '../shared/monitors/adapters/read-template-folder';
import { pushOrgs } from '../shared/monitors/push/push-orgs';
import { orgRenderingOf } from '../shared/monitors/templates/org-rendering';
import { parseTemplateFolder } from '../shared/monitors/templates/parse-template-folder';
import type { MackerelStandin } from './mackerel/mackerel-standin';

const DEMO_ORGS = ['demo', 'acme'];
/** Muted by hand after the push, so the first audit round shows a monitor-drift finding. */
const MUTED_BY_HAND = { org: 'acme', monitor: 'CPU usage' };

/**
 * `monitors push` of the repository's example templates to the demo orgs, as CI would on main, then one
 * monitor muted by hand in acme: the console's Audit page and the mail viewer show the drift.
 */
export async function pushDemoMonitors(db: Firestore, mackerel: MackerelStandin): Promise<void> {
  const folder = parseTemplateFolder(await readTemplateFolder(join(__dirname, '..', 'monitors')));
  const apiOf = (org: string) =>
    new MackerelApiClient({ apiKey: mackerel.org(org).apiKey, baseUrl: mackerel.baseUrl });
  const outcomes = await pushOrgs(
    {
      render: (org) => orgRenderingOf(folder, { name: org }),
      apiFor: async (org) => apiOf(org),
      plans: firestoreMonitorPlans(db),
      now: () => new Date(),
      revision: 'local-demo',
      concurrency: DEMO_ORGS.length,
    },
    DEMO_ORGS,
    { dryRun: false, prune: false },
  );
  const failed = outcomes.filter((o) => o.status !== 'applied');
  if (failed.length > 0) throw new Error(`demo monitors not pushed: ${JSON.stringify(failed)}`);
  const api = apiOf(MUTED_BY_HAND.org);
  const monitor = (await api.listMonitors()).find((m) => m.name === MUTED_BY_HAND.monitor);
  if (monitor === undefined) throw new Error(`no ${MUTED_BY_HAND.monitor} in the demo templates`);
  const { id, ...onServer } = monitor;
  await api.updateMonitor(id, monitorSpecSchema.parse({ ...onServer, isMute: true }));
}

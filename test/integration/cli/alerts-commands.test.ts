import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreAlertStates } from '../../../shared/alerting/adapters/firestore-alert-states';
import type { AlertState } from '../../../shared/alerting/router/alert-state';
import type { AlertStatus } from '../../../shared/mackerel/alert-status';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';

let cli: CliBackends;
const T0 = 1_767_225_600;

/** An alert state as the router leaves it. */
function state(
  org: string,
  alertId: string,
  status: AlertStatus,
  openedAt: number,
  kind: AlertState['kind'] = 'alert',
): AlertState {
  const isOpen = status !== 'ok';
  const at = new Date(openedAt * 1000).toISOString();
  return {
    version: 1,
    org,
    kind,
    alertId,
    status,
    isOpen,
    eventTimeSeconds: openedAt,
    openedAt,
    closedAt: isOpen ? null : openedAt + 60,
    type: kind === 'alert' ? 'host' : 'alertGroup',
    monitorName: 'CPU %',
    target: `web-${alertId}`,
    hostId: null,
    hostName: null,
    display: null,
    routing: null,
    lastDedupKey: `k-${alertId}`,
    lastTransition: isOpen ? 'opened' : 'recovered',
    lastReceivedAt: at,
    updatedAt: at,
    notifiedRoutes: {},
    lastNotifiedAt: null,
    suppression:
      alertId === 'a2' ? { kind: 'maintenance', hostId: 'h1', hostName: 'web-a2', source: 'event' } : null,
    outbox: {},
  };
}

before(async () => {
  cli = await startCliBackends();
  for (const name of ['acme', 'beta']) {
    await cli.addOrg(name);
  }
  const store = firestoreAlertStates(cli.db);
  const put = (s: AlertState) => store.put(s.org, { kind: s.kind, id: s.alertId }, s, undefined);
  await put(state('acme', 'a1', 'critical', T0));
  await put(state('acme', 'a2', 'warning', T0 + 60));
  await put(state('acme', 'a3', 'ok', T0 + 120));
  await put(state('beta', 'g1', 'critical', T0 + 180, 'alertGroup'));
  await cli.db
    .collection(COLLECTIONS.orgs)
    .doc('beta')
    .collection(COLLECTIONS.alerts)
    .doc('junk')
    .set({ isOpen: 'yes' });
});
after(() => cli?.stop());

const listingSchema = z.object({
  alerts: z.array(
    z.object({ org: z.string(), alertId: z.string(), status: z.string(), isOpen: z.boolean() }),
  ),
  total: z.number(),
  orgs: z.number(),
  unreadable: z.array(z.string()),
});
const list = async (...args: string[]) => listingSchema.parse(await cli.json(['alerts', 'list', ...args]));
const ids = (listing: z.infer<typeof listingSchema>) => listing.alerts.map((a) => `${a.org}/${a.alertId}`);

describe('msp-ops alerts list', () => {
  it("lists every org's alerts and alert groups, newest first, naming a state it cannot read", async () => {
    const all = await list();
    assert.deepEqual(ids(all), ['beta/g1', 'acme/a3', 'acme/a2', 'acme/a1']);
    assert.equal(all.orgs, 2);
    assert.deepEqual(all.unreadable, ['orgs/beta/alerts/junk']);
  });

  it('filters open ones, by org and by severity, and limits', async () => {
    assert.deepEqual(ids(await list('--open')), ['beta/g1', 'acme/a2', 'acme/a1']);
    assert.deepEqual(ids(await list('--open', '--org', 'acme', '--severity', 'critical')), ['acme/a1']);
    const limited = await list('--severity', 'critical,warning', '--limit', '1');
    assert.deepEqual(ids(limited), ['beta/g1']);
    assert.equal(limited.total, 3);
    const table = await cli.run(['alerts', 'list', '--org', 'acme', '--open']);
    assert.match(
      table.stdout,
      /^acme\s+a2\s+warning\s+open\s+web-a2\s+CPU %\s+2026-01-01 09:01 JST\s+muted: host "web-a2" is in maintenance \(event\)$/m,
    );
  });

  it('refuses an unknown severity with exit 2', async () => {
    const result = await cli.run(['alerts', 'list', '--severity', 'fatal']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--severity/);
  });
});

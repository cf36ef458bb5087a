import type { Firestore } from '@google-cloud/firestore';
import { firestoreAlertStates } from '../../../alerting/adapters/firestore-alert-states';
import { firestoreOpenAlerts } from '../../../alerting/adapters/firestore-open-alerts';
import { pendingDigests } from '../../../alerting/adapters/firestore-pending-digests';
import { tryRoute } from '../../../alerting/adapters/firestore-route-trial';
import { firestoreRoutingConfig } from '../../../alerting/adapters/firestore-routing-config';
import { alertEventRecordSchema } from '../../../alerting/router/alert-event-record';
import { alertStateSchema } from '../../../alerting/router/alert-state';
import { firestoreAuditSummaries } from '../../../audit/adapters/firestore-audit-summaries';
import { firestoreOrgAudits } from '../../../audit/adapters/firestore-org-audits';
import { hostCountDaySchema } from '../../../audit/host-count-day';
import { firestoreCdnContracts } from '../../../cdn/adapters/firestore-cdn-contracts';
import { firestoreCdnHours } from '../../../cdn/adapters/firestore-cdn-hours';
import { type HostSearchSources, hostSearchSources, searchHosts } from '../../../fleet/adapters/host-search';
import { mapLimited } from '../../../kernel/map-limited';
import { orgNameSchema } from '../../../kernel/org-name';
import { ttlCached } from '../../../kernel/ttl-cached';
import { firestoreDeliveryStore } from '../../../notify/adapters/firestore-delivery-store';
import type { DeliveryRecord } from '../../../notify/delivery/delivery-record';
import { firestoreOrgs } from '../../../orgs/adapters/firestore-orgs';
import { firestoreWebhookTokens } from '../../../orgs/adapters/firestore-webhook-tokens';
import { COLLECTIONS } from '../../../platform/firestore/firestore-collections';
import { docIdOf } from '../../../platform/firestore/firestore-doc-id';
import type { ConsoleReads, ConsoleWrites } from '../console-reads';
import { firestoreProbeReads } from './firestore-probe-reads';

/** Orgs read at once: the emulator has no collection-group queries, so cross-org reads go org by org. */
const ORG_READS_IN_FLIGHT = 32;

/**
 * `cacheMs`: how long the instance reuses what every page across orgs reads whole, the org list, the
 * audit summaries and the audit's host snapshots (one document per org each; the audit rewrites the
 * latter two once an hour). An org added with the CLI shows within this time.
 */
export function firestoreConsoleReads(db: Firestore, cacheMs: number): ConsoleReads & ConsoleWrites {
  const orgs = firestoreOrgs(db);
  const orgList = ttlCached(() => orgs.list(), cacheMs);
  const auditSummaries = ttlCached(() => firestoreAuditSummaries(db).list(), cacheMs);
  const hostSources = hostSearchSources(db);
  const cachedHostSources: HostSearchSources = {
    snapshots: ttlCached(hostSources.snapshots, cacheMs),
    orgNames: async () => (await orgList()).map((o) => o.name),
  };
  const states = firestoreAlertStates(db);
  const openAlerts = firestoreOpenAlerts(db);
  const audits = firestoreOrgAudits(db);
  const routing = firestoreRoutingConfig(db);
  const deliveries = firestoreDeliveryStore(db);
  const orgDoc = (org: string) => db.collection(COLLECTIONS.orgs).doc(orgNameSchema.parse(org));
  const subjectCollection = (kind: 'alert' | 'alertGroup') =>
    kind === 'alert' ? COLLECTIONS.alerts : COLLECTIONS.alertGroups;

  return {
    ...firestoreProbeReads(db),
    orgs: orgList,
    org: (name) => orgs.get(name),
    openAlertPage: (query) => openAlerts.newest(query),
    async openAlerts(names) {
      const perOrg = await mapLimited(names, ORG_READS_IN_FLIGHT, (org) => states.listOpen(org));
      return perOrg.flat().map((v) => v.value);
    },
    async alerts(names) {
      const perOrg = await mapLimited(names, ORG_READS_IN_FLIGHT, (org) => states.listAll(org));
      return perOrg.flatMap((listing) => listing.states);
    },
    async alertHistory(org, kind, id) {
      const stateDoc = orgDoc(org).collection(subjectCollection(kind)).doc(docIdOf(id));
      const [stateSnap, eventSnaps] = await Promise.all([
        stateDoc.get(),
        stateDoc.collection(COLLECTIONS.alertEvents).get(),
      ]);
      const state = alertStateSchema.safeParse(stateSnap.data());
      if (!state.success) return undefined;
      const events = eventSnaps.docs
        .flatMap((doc) => {
          const parsed = alertEventRecordSchema.safeParse(doc.data());
          return parsed.success ? [parsed.data] : [];
        })
        .sort((a, b) => a.processedAt.localeCompare(b.processedAt));
      const ids = [...new Set(events.flatMap((event) => event.notificationIds))];
      const records = await Promise.all(
        ids.map(
          async (nid): Promise<[string, DeliveryRecord[]]> => [nid, await deliveries.ofNotification(nid)],
        ),
      );
      return { state: state.data, events, deliveries: new Map(records) };
    },
    pendingDigests: () => pendingDigests(db),
    searchHosts: (query) => searchHosts(db, query, cachedHostSources),
    async hostCountDays(org, fromDate) {
      const snapshot = await orgDoc(org)
        .collection(COLLECTIONS.hostCounts)
        .where('date', '>=', fromDate)
        .orderBy('date')
        .get();
      return snapshot.docs.flatMap((doc) => {
        const parsed = hostCountDaySchema.safeParse(doc.data());
        return parsed.success ? [parsed.data] : [];
      });
    },
    audits: auditSummaries,
    audit: (org) => audits.get(org),
    async cdnContracts() {
      return (await firestoreCdnContracts(db).listEnabled()).contracts;
    },
    cdnHours: (contractId, from, to) => firestoreCdnHours(db).read(contractId, { from, to }),
    async webhookTokens(org) {
      const active = (await firestoreWebhookTokens(db).listOf(org)).filter(
        (t) => t.doc.revokedAt === undefined,
      );
      const newest =
        active
          .map((t) => t.doc.createdAt)
          .sort()
          .at(-1) ?? null;
      return { active: active.length, newestIssuedAt: newest };
    },
    async lastEventAt(org) {
      const newest = await Promise.all(
        (['alert', 'alertGroup'] as const).map((kind) =>
          orgDoc(org).collection(subjectCollection(kind)).orderBy('lastReceivedAt', 'desc').limit(1).get(),
        ),
      );
      const times = newest.flatMap((s) => s.docs.map((d) => String(d.get('lastReceivedAt'))));
      return times.sort().at(-1) ?? null;
    },
    async routing(org) {
      const [routes, mspRoutes, silences] = await Promise.all([
        routing.listRoutes(org),
        routing.listMspRoutes(),
        routing.listSilences(org),
      ]);
      return {
        routes: routes.items,
        mspRoutes: mspRoutes.items,
        silences: silences.items,
        problems: [...routes.problems, ...mspRoutes.problems, ...silences.problems],
      };
    },
    silences: () => routing.listSilences(),
    async silence(id) {
      return (await routing.getSilence(id))?.items[0];
    },
    tryRoute: (org, event, now) => tryRoute(db, event, org, now),
    putSilence: (silence) => routing.putSilence(silence),
  };
}

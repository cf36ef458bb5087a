import type { CollectionReference, DocumentSnapshot, Firestore, Timestamp } from '@google-cloud/firestore';
import type { z } from 'zod';
import { ALL_ORGS, orgNameSchema } from '../../kernel/org-name';
import { type OrgRecord, orgRecordSchema } from '../../orgs/org-record';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { expiresAfter, RETENTION_DAYS } from '../../platform/firestore/firestore-retention';
import { silenceEnded } from '../../routing/active-silence';
import { bumpRoutingVersion } from '../../routing/adapters/firestore-routing-versions';
import {
  type InhibitRule,
  type InhibitRuleInput,
  inhibitRuleSchema,
  type MspInhibitRule,
  type MspInhibitRuleInput,
  mspInhibitRuleSchema,
} from '../../routing/inhibition/inhibit-rule-schema';
import { inRouteOrder, type RoutingRules } from '../../routing/match-routes';
import {
  type MspRoute,
  type MspRouteInput,
  mspRouteSchema,
  type Route,
  type RouteInput,
  routeSchema,
} from '../../routing/route-schema';
import { type Silence, type SilenceInput, silenceSchema } from '../../routing/silence-schema';
import {
  type TimeInterval,
  type TimeIntervalInput,
  timeIntervalSchema,
} from '../../routing/time-intervals/time-interval-schema';

/** A document that could not be used, so the caller can log it; routing goes on without it. */
export interface RoutingConfigProblem {
  /** Document path, e.g. `orgs/acme-prod/routes/db-team`. */
  path: string;
  /** `field: message` for each schema issue, or why the document is missing. */
  issues: string[];
}

/** Stored documents as they parse, the others named: listings show them instead of hiding them. */
export interface ParsedDocs<T> {
  items: T[];
  problems: RoutingConfigProblem[];
}

/** Everything the router needs for one org's events; `matchRoutes(target, config)` takes it as it is. */
export interface RoutingConfig extends RoutingRules {
  org: OrgRecord | undefined;
  /** Enabled routes only, in evaluation order. */
  orgRoutes: Route[];
  /** Enabled, in evaluation order, including those whose `orgs` leave this org out (their reason says so). */
  mspRoutes: MspRoute[];
  timeIntervals: TimeInterval[];
  /** The org's and every-org (`*`) silences not yet ended at load time, future ones included. */
  silences: Silence[];
  /** Enabled only: the org's, then the MSP-wide ones whose `orgs` include it (or that have none). */
  inhibitRules: InhibitRule[];
  problems: RoutingConfigProblem[];
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`);
}

/**
 * Written by hand, by the CLI or by older code: every document is parsed, and one that does not parse is
 * reported and left out instead of failing the whole load (one bad route must not stop an org's mail).
 * Ids live in the document path only; `withId` puts them back for the schema.
 */
function parseDocs<S extends z.ZodType>(
  schema: S,
  docs: readonly DocumentSnapshot[],
  problems: RoutingConfigProblem[],
  withId: boolean,
): z.infer<S>[] {
  return docs.flatMap((doc) => {
    // expiresAt is storage metadata (the TTL policy's field), not part of what the schema describes.
    const { expiresAt: _ttl, ...data } = doc.data() ?? {};
    const parsed = schema.safeParse(withId ? { ...data, id: doc.id } : data);
    if (parsed.success) return [parsed.data];
    problems.push({ path: doc.ref.path, issues: issuesOf(parsed.error) });
    return [];
  });
}

/**
 * Validates (throws on invalid input) and writes `{collection}/{id}`, replacing any older version. The id
 * is the document's name, not a field. The JSON round trip drops keys left undefined (optional matchers),
 * which Firestore rejects; these documents are plain JSON data. The routing version of `versionOrg` moves
 * in the same batch, so the router's cache sees the change on its next event. Returns the document as
 * `load` reads it.
 */
async function put<S extends z.ZodType<{ id: string }>>(
  schema: S,
  collection: CollectionReference,
  input: z.input<S>,
  versionOrg: (parsed: z.infer<S>) => string,
  expiresAt?: (parsed: z.infer<S>) => Timestamp,
): Promise<z.infer<S>> {
  const parsed = schema.parse(input);
  const { id, ...fields }: Record<string, unknown> = JSON.parse(JSON.stringify(parsed));
  const db = collection.firestore;
  const batch = db
    .batch()
    .set(collection.doc(parsed.id), expiresAt ? { ...fields, expiresAt: expiresAt(parsed) } : fields);
  await bumpRoutingVersion(batch, db, versionOrg(parsed)).commit();
  return schema.parse({ ...fields, id });
}

function parsedDocs<S extends z.ZodType>(
  schema: S,
  docs: readonly DocumentSnapshot[],
): ParsedDocs<z.infer<S>> {
  const problems: RoutingConfigProblem[] = [];
  return { items: parseDocs(schema, docs, problems, true), problems };
}

/** Routes naming a time interval that is not stored: matchRoutes skips them, and the load says so. */
function unknownIntervalProblems(
  intervals: readonly TimeInterval[],
  routes: readonly (Route | MspRoute)[],
  pathOf: (id: string) => string,
): RoutingConfigProblem[] {
  const known = new Set(intervals.map((interval) => interval.id));
  return routes.flatMap((route) => {
    const issues = (['activeTimeIntervals', 'muteTimeIntervals'] as const).flatMap((field) =>
      (route[field] ?? [])
        .filter((id) => !known.has(id))
        .map((id) => `${field}: unknown time interval ${JSON.stringify(id)}; the route is skipped`),
    );
    return issues.length > 0 ? [{ path: pathOf(route.id), issues }] : [];
  });
}

export function firestoreRoutingConfig(db: Firestore) {
  const orgs = db.collection(COLLECTIONS.orgs);
  const routesOf = (org: string) => orgs.doc(orgNameSchema.parse(org)).collection(COLLECTIONS.routes);
  const mspRoutes = db.collection(COLLECTIONS.mspRoutes);
  const silences = db.collection(COLLECTIONS.silences);
  const timeIntervals = db.collection(COLLECTIONS.timeIntervals);
  const inhibitRulesOf = (org: string) =>
    orgs.doc(orgNameSchema.parse(org)).collection(COLLECTIONS.inhibitRules);
  const mspInhibitRules = db.collection(COLLECTIONS.inhibitRules);
  /** orgs/{org}/routes/{id}, or mspRoutes/{id} for `*`. */
  const routeDoc = (org: string, id: string) => (org === ALL_ORGS ? mspRoutes : routesOf(org)).doc(id);

  return {
    /**
     * Whole collections are read and filtered here rather than queried with `enabled ==` and `orderBy`:
     * a query would need a composite index and would silently leave out a document lacking `order`,
     * which must be reported instead. An org has tens of routes, so the read is small.
     */
    async load(org: string, now: Date): Promise<RoutingConfig> {
      const [orgDoc, routeDocs, mspRouteDocs, silenceDocs, intervalDocs, inhibitDocs, mspInhibitDocs] =
        await Promise.all([
          orgs.doc(orgNameSchema.parse(org)).get(),
          routesOf(org).get(),
          mspRoutes.get(),
          silences.where('org', 'in', [org, ALL_ORGS]).get(),
          timeIntervals.get(),
          inhibitRulesOf(org).get(),
          mspInhibitRules.get(),
        ]);
      const problems: RoutingConfigProblem[] = [];
      if (!orgDoc.exists) problems.push({ path: orgDoc.ref.path, issues: ['no such org document'] });
      const [record] = orgDoc.exists ? parseDocs(orgRecordSchema, [orgDoc], problems, false) : [];
      const enabled = <R extends { enabled: boolean }>(route: R) => route.enabled;
      const intervals = parseDocs(timeIntervalSchema, intervalDocs.docs, problems, true);
      const orgRoutes = inRouteOrder(parseDocs(routeSchema, routeDocs.docs, problems, true).filter(enabled));
      const mspList = inRouteOrder(
        parseDocs(mspRouteSchema, mspRouteDocs.docs, problems, true).filter(enabled),
      );
      problems.push(
        ...unknownIntervalProblems(intervals, orgRoutes, (id) => routesOf(org).doc(id).path),
        ...unknownIntervalProblems(intervals, mspList, (id) => mspRoutes.doc(id).path),
      );
      return {
        org: record,
        orgRoutes,
        defaultRoute: record?.defaultRoute,
        mspRoutes: mspList,
        timeIntervals: intervals,
        silences: parseDocs(silenceSchema, silenceDocs.docs, problems, true).filter(
          (silence) => !silenceEnded(silence, now),
        ),
        inhibitRules: [
          ...parseDocs(inhibitRuleSchema, inhibitDocs.docs, problems, true),
          ...parseDocs(mspInhibitRuleSchema, mspInhibitDocs.docs, problems, true).filter(
            (rule) => rule.orgs === undefined || rule.orgs.includes(org),
          ),
        ].filter(enabled),
        problems,
      };
    },

    /** Every stored route of the org, disabled ones included, unordered. */
    listRoutes: async (org: string): Promise<ParsedDocs<Route>> =>
      parsedDocs(routeSchema, (await routesOf(org).get()).docs),
    listMspRoutes: async (): Promise<ParsedDocs<MspRoute>> =>
      parsedDocs(mspRouteSchema, (await mspRoutes.get()).docs),
    /** Whether a route (an org's, or MSP-wide for `*`) is stored, readable or not. */
    hasRoute: async (org: string, id: string): Promise<boolean> => (await routeDoc(org, id).get()).exists,
    /** Deletes the route; the path it had, or undefined when there was none. */
    async deleteRoute(org: string, id: string): Promise<string | undefined> {
      const ref = routeDoc(org, id);
      if (!(await ref.get()).exists) return undefined;
      await bumpRoutingVersion(db.batch().delete(ref), db, org).commit();
      return ref.path;
    },
    /** Stored silences, ended ones included: every one, or one org's and every-org (`*`) ones. */
    async listSilences(org?: string): Promise<ParsedDocs<Silence>> {
      const query = org === undefined ? silences : silences.where('org', 'in', [...new Set([org, ALL_ORGS])]);
      return parsedDocs(silenceSchema, (await query.get()).docs);
    },
    /** One stored silence; undefined when there is none (a stored one that does not parse is a problem). */
    async getSilence(id: string): Promise<ParsedDocs<Silence> | undefined> {
      const doc = await silences.doc(id).get();
      return doc.exists ? parsedDocs(silenceSchema, [doc]) : undefined;
    },

    /** Every stored time interval (shared by every org's and the MSP's routes). */
    listTimeIntervals: async (): Promise<ParsedDocs<TimeInterval>> =>
      parsedDocs(timeIntervalSchema, (await timeIntervals.get()).docs),
    /**
     * Stored as written (HH:MM, `monday:friday`), not as parsed (minutes, day numbers), so the document
     * reads as its author wrote it. Moves every org's routing version: any route may refer to it.
     */
    async putTimeInterval(interval: TimeIntervalInput): Promise<TimeInterval> {
      const parsed = timeIntervalSchema.parse(interval);
      const { id: _id, ...fields }: Record<string, unknown> = JSON.parse(JSON.stringify(interval));
      await bumpRoutingVersion(db.batch().set(timeIntervals.doc(parsed.id), fields), db, ALL_ORGS).commit();
      return parsed;
    },
    /** The org's stored inhibit rules, disabled ones included. */
    listInhibitRules: async (org: string): Promise<ParsedDocs<InhibitRule>> =>
      parsedDocs(inhibitRuleSchema, (await inhibitRulesOf(org).get()).docs),
    /** Every MSP-wide inhibit rule, whichever orgs it lists. */
    listMspInhibitRules: async (): Promise<ParsedDocs<MspInhibitRule>> =>
      parsedDocs(mspInhibitRuleSchema, (await mspInhibitRules.get()).docs),
    putInhibitRule: (org: string, rule: InhibitRuleInput): Promise<InhibitRule> =>
      put(inhibitRuleSchema, inhibitRulesOf(org), rule, () => org),
    putMspInhibitRule: (rule: MspInhibitRuleInput): Promise<MspInhibitRule> =>
      put(mspInhibitRuleSchema, mspInhibitRules, rule, () => ALL_ORGS),
    putRoute: (org: string, route: RouteInput): Promise<Route> =>
      put(routeSchema, routesOf(org), route, () => org),
    putMspRoute: (route: MspRouteInput): Promise<MspRoute> =>
      put(mspRouteSchema, mspRoutes, route, () => ALL_ORGS),
    /** An ended silence is deleted by TTL RETENTION_DAYS.silences after its end. */
    putSilence: (silence: SilenceInput): Promise<Silence> =>
      put(
        silenceSchema,
        silences,
        silence,
        (s) => s.org,
        (s) => expiresAfter(s.endsAt, RETENTION_DAYS.silences),
      ),
  };
}

export type FirestoreRoutingConfig = ReturnType<typeof firestoreRoutingConfig>;

import { z } from 'zod';
import { ALL_ORGS, orgNameSchema } from '../shared/kernel/org-name';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import type { OrgRecord } from '../shared/orgs/org-record';
import type { CliSession } from './cli-session';

/** `<org>` as the one positional argument. */
export const orgArg = z.tuple([orgNameSchema]);

/** An org's name, or `*` for the MSP-wide routes (mspRoutes) and every-org silences. */
export const orgOrAllSchema = z.union([orgNameSchema, z.literal(ALL_ORGS)]);

/** The org's record; a clear error when there is none, before anything is written. */
export async function existingOrg(session: CliSession, name: string): Promise<OrgRecord> {
  const org = await firestoreOrgs(session.firestore()).get(name);
  if (org === undefined) throw new Error(`no org ${name} (or its record does not parse); see \`org list\``);
  return org;
}

/** The orgs a listing with `--org` covers: every org (sorted) without it, none for `*`, else that one. */
export async function listedOrgs(session: CliSession, org: string | undefined): Promise<string[]> {
  if (org === undefined) return (await firestoreOrgs(session.firestore()).list()).map((o) => o.name).sort();
  return org === ALL_ORGS ? [] : [(await existingOrg(session, org)).name];
}

import { orgNameSchema } from '../../kernel/org-name';
import type { OrgRecord } from '../../orgs/org-record';
import type { ConsoleReads } from '../read/console-reads';

/** The org a URL names; undefined for a name no org can have as well as for an org that does not exist. */
export async function knownOrg(reads: ConsoleReads, name: string): Promise<OrgRecord | undefined> {
  return orgNameSchema.safeParse(name).success ? reads.org(name) : undefined;
}

/** A page's `org` filter naming no org: the 404 problem to show; undefined when there is none to show. */
export const unknownOrgFilter = (names: readonly string[], org: string | undefined): string[] | undefined =>
  org !== undefined && !names.includes(org) ? [`no org ${org}`] : undefined;

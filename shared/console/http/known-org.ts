import { orgNameSchema } from '../../kernel/org-name';
import type { OrgRecord } from '../../orgs/org-record';
import type { ConsoleReads } from '../read/console-reads';

/** The org a URL names; undefined for a name no org can have as well as for an org that does not exist. */
export async function knownOrg(reads: ConsoleReads, name: string): Promise<OrgRecord | undefined> {
  return orgNameSchema.safeParse(name).success ? reads.org(name) : undefined;
}

import type { OrgRecord } from './org-record';

/** The orgs the MSP runs (orgs/{name}); the audit, reconciliation and the repeat sweep go through them. */
export interface OrgDirectory {
  list(): Promise<OrgRecord[]>;
  get(name: string): Promise<OrgRecord | undefined>;
}

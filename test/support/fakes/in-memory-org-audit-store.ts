import type { HostCountDay } from '../../../shared/audit/host-count-day';
import type { OrgAuditStore } from '../../../shared/audit/org-audit-ports';
import type { OrgAuditState } from '../../../shared/audit/org-audit-state';

/** The org audit's store in memory; `failNextPut` plays a process dying before the state is stored. */
export class InMemoryOrgAuditStore implements OrgAuditStore {
  readonly states = new Map<string, OrgAuditState>();
  readonly days = new Map<string, HostCountDay>();
  failNextPut = false;
  async get(org: string) {
    return this.states.get(org) ?? null;
  }
  async put(state: OrgAuditState) {
    if (this.failNextPut) {
      this.failNextPut = false;
      throw new Error('the process died before the state was stored');
    }
    this.states.set(state.org, structuredClone(state));
  }
  async list() {
    return [...this.states.values()];
  }
  async listSnapshots() {
    return [...this.states.values()].flatMap((s) =>
      s.snapshot ? [{ org: s.org, snapshot: s.snapshot }] : [],
    );
  }
  async getHostCountDay(org: string, date: string) {
    return this.days.get(`${org}/${date}`) ?? null;
  }
  async putHostCountDay(day: HostCountDay) {
    this.days.set(`${day.org}/${day.date}`, day);
  }
}

import { type CommitAlertState, commitAlertKey } from '../../../shared/cdn/model/commit-alert-state';
import type { CdnAlertStateStore } from '../../../shared/cdn/watch/cdn-watch-ports';

/** Commit alert states in memory; `failNextPut` plays a crash after the mails, before the states. */
export class InMemoryCdnAlertStates implements CdnAlertStateStore {
  readonly states = new Map<string, CommitAlertState>();
  failNextPut = false;
  async list(contractId: string, month: string) {
    return [...this.states.values()].filter((s) => s.contractId === contractId && s.month === month);
  }
  async put(states: readonly CommitAlertState[]) {
    if (this.failNextPut) {
      this.failNextPut = false;
      throw new Error('instance died before the states were stored');
    }
    for (const s of states) this.states.set(commitAlertKey(s), structuredClone(s));
  }
}

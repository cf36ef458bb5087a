import type { AlertState, AlertSubject } from '../../../shared/alerting/router/alert-state';
import type { AlertEventRecord, AlertStateStore } from '../../../shared/alerting/router/router-ports';
import { clone, type Faults, type Stored } from './step-faults';

const subjectKey = (org: string, s: AlertSubject) => `${org}/${s.kind}/${s.id}`;

export class InMemoryAlertStates implements AlertStateStore {
  readonly states = new Map<string, Stored<AlertState>>();
  readonly history = new Map<string, AlertEventRecord[]>();
  private clock = 0;
  /** Runs once just before the next put lands: another writer getting there first. */
  beforeNextPut: (() => void) | undefined;

  constructor(private readonly faults: Faults) {}

  state(org: string, subject: AlertSubject): AlertState | undefined {
    const stored = this.states.get(subjectKey(org, subject));
    return stored && clone(stored.value);
  }

  events(org: string, subject: AlertSubject): AlertEventRecord[] {
    return this.history.get(subjectKey(org, subject)) ?? [];
  }

  /** Writes a state directly, as another router instance would. */
  force(org: string, subject: AlertSubject, state: AlertState): void {
    this.states.set(subjectKey(org, subject), { value: clone(state), version: ++this.clock });
  }

  async get(org: string, subject: AlertSubject) {
    this.faults.hit('alerts.get', 'before');
    const stored = this.states.get(subjectKey(org, subject));
    this.faults.hit('alerts.get', 'after');
    return stored && { value: clone(stored.value), version: String(stored.version) };
  }

  async put(org: string, subject: AlertSubject, state: AlertState, version: string | undefined) {
    this.faults.hit('alerts.put', 'before');
    const hook = this.beforeNextPut;
    this.beforeNextPut = undefined;
    hook?.();
    const key = subjectKey(org, subject);
    const stored = this.states.get(key);
    if (version === undefined ? stored !== undefined : stored?.version !== Number(version)) return undefined;
    const next = { value: clone(state), version: ++this.clock };
    this.states.set(key, next);
    this.faults.hit('alerts.put', 'after');
    return String(next.version);
  }

  async replaceOutbox(org: string, subject: AlertSubject, outbox: AlertState['outbox'], version: string) {
    this.faults.hit('alerts.replaceOutbox', 'before');
    const key = subjectKey(org, subject);
    const stored = this.states.get(key);
    if (stored?.version !== Number(version)) return false;
    this.states.set(key, { value: { ...stored.value, outbox: clone(outbox) }, version: ++this.clock });
    this.faults.hit('alerts.replaceOutbox', 'after');
    return true;
  }

  async listOpen(org: string) {
    return [...this.states.entries()]
      .filter(([key, stored]) => key.startsWith(`${org}/`) && stored.value.isOpen)
      .map(([, stored]) => ({ value: clone(stored.value), version: String(stored.version) }));
  }

  async recordEvent(org: string, subject: AlertSubject, entry: AlertEventRecord) {
    this.faults.hit('alerts.recordEvent', 'before');
    const key = subjectKey(org, subject);
    const list = this.history.get(key) ?? [];
    if (!list.some((e) => e.dedupKey === entry.dedupKey)) list.push(clone(entry));
    this.history.set(key, list);
    this.faults.hit('alerts.recordEvent', 'after');
  }
}

import type { HostRecord } from '../../../shared/alerting/router/host-record';
import type { HostInventory } from '../../../shared/alerting/router/router-ports';
import { clone, type Faults, type Stored } from './step-faults';

export class InMemoryHosts implements HostInventory {
  readonly records = new Map<string, Stored<HostRecord>>();
  private clock = 0;
  constructor(private readonly faults: Faults) {}

  record(org: string, hostId: string): HostRecord | undefined {
    return this.records.get(`${org}/${hostId}`)?.value;
  }

  async get(org: string, hostId: string) {
    this.faults.hit('hosts.get', 'before');
    const stored = this.records.get(`${org}/${hostId}`);
    this.faults.hit('hosts.get', 'after');
    return stored && { value: clone(stored.value), version: String(stored.version) };
  }

  async put(org: string, record: HostRecord, version: string | undefined) {
    this.faults.hit('hosts.put', 'before');
    const key = `${org}/${record.hostId}`;
    const stored = this.records.get(key);
    if (version === undefined ? stored !== undefined : stored?.version !== Number(version)) return undefined;
    const next = { value: clone(record), version: ++this.clock };
    this.records.set(key, next);
    this.faults.hit('hosts.put', 'after');
    return String(next.version);
  }
}

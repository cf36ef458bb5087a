import type { OrgProbes } from '../../../shared/probes/org-probes';
import type { ProbeHostsRecord } from '../../../shared/probes/probe-hosts';
import type {
  ProbeDefinitionStore,
  ProbeHostsStore,
  ProbeRoundStore,
  StoredRound,
} from '../../../shared/probes/probe-ports';
import type { ProbeRoundRecord } from '../../../shared/probes/probe-round-record';

export class InMemoryProbeDefinitions implements ProbeDefinitionStore {
  readonly byOrg = new Map<string, OrgProbes>();
  async get(org: string) {
    return this.byOrg.get(org) ?? null;
  }
  async list() {
    return [...this.byOrg].map(([org, probes]) => ({ org, probes }));
  }
  async put(org: string, probes: OrgProbes) {
    this.byOrg.set(org, probes);
  }
}

export class InMemoryProbeHosts implements ProbeHostsStore {
  readonly byOrg = new Map<string, ProbeHostsRecord>();
  async get(org: string) {
    return this.byOrg.get(org) ?? null;
  }
  async put(org: string, record: ProbeHostsRecord) {
    this.byOrg.set(org, structuredClone(record));
  }
}

/** Versions count writes, so a write at an old version loses as a Firestore precondition would. */
export class InMemoryProbeRounds implements ProbeRoundStore {
  readonly byId = new Map<string, { record: ProbeRoundRecord; version: number }>();
  async get(org: string, chunk: number): Promise<StoredRound | null> {
    const stored = this.byId.get(`${org}__${chunk}`);
    return stored ? { record: structuredClone(stored.record), version: String(stored.version) } : null;
  }
  async list(orgs?: readonly string[]) {
    return [...this.byId.values()]
      .map((s) => s.record)
      .filter((r) => orgs === undefined || orgs.includes(r.org));
  }
  async write(record: ProbeRoundRecord, version: string | undefined) {
    const id = `${record.org}__${record.chunk}`;
    const stored = this.byId.get(id);
    if (String(stored?.version) !== String(version)) return false;
    this.byId.set(id, { record: structuredClone(record), version: (stored?.version ?? 0) + 1 });
    return true;
  }
}

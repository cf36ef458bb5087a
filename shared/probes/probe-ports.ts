import type { Logger } from '../kernel/log/logger';
import type { MessagePublisher } from '../kernel/ports/message-publisher';
import type { HostMetricValue } from '../mackerel/api/host-metric-schema';
import type { ServiceMetricValue } from '../mackerel/api/service-metric-schema';
import type { OrgRecord } from '../orgs/org-record';
import type { PostOutcome } from './metric-buffer';
import type { OrgProbes } from './org-probes';
import type { ProbeHost } from './probe-host';
import type { ProbeHostsRecord } from './probe-hosts';
import type { ProbeResult } from './probe-result';
import type { ProbeRoundRecord } from './probe-round-record';
import type { ProbeSettings } from './probe-settings';
import type { ProbeTarget } from './probe-targets';

/** The ports the probe round consumes; their Firestore and Mackerel adapters are in adapters/. */

export interface ProbeDefinitionStore {
  get(org: string): Promise<OrgProbes | null>;
  /** Every org's probes that parse; one that does not is logged and left out, never a failed round. */
  list(): Promise<{ org: string; probes: OrgProbes }[]>;
  put(org: string, probes: OrgProbes): Promise<void>;
}

export interface ProbeHostsStore {
  get(org: string): Promise<ProbeHostsRecord | null>;
  put(org: string, record: ProbeHostsRecord): Promise<void>;
}

export interface StoredRound {
  /** Null when the document does not parse: it is replaced (its buffer lost, not the round's points). */
  record: ProbeRoundRecord | null;
  /** The document's version: the next write lands only if nobody wrote since. */
  version: string;
}

export interface ProbeRoundStore {
  get(org: string, chunk: number): Promise<StoredRound | null>;
  /** Records of these orgs' chunks (all of them when `orgs` is not given). */
  list(orgs?: readonly string[]): Promise<ProbeRoundRecord[]>;
  /** Creates (no version) or replaces the record at `version`; false when another writer was first. */
  write(record: ProbeRoundRecord, version: string | undefined): Promise<boolean>;
}

export interface ProbeMackerel {
  listHosts(org: string): Promise<ProbeHost[]>;
  /** Batched and retried by the adapter; the outcome says whether a later round may try again. */
  postHostMetrics(org: string, points: readonly HostMetricValue[]): Promise<PostOutcome>;
}

export interface ProbeRun {
  results: ProbeResult[];
  timing: { elapsedMs: number; maxInFlight: number };
}

/** Runs targets under the org's address policy, with bounded concurrency and the round's deadline. */
export type TargetRunner = (targets: readonly ProbeTarget[], settings: ProbeSettings) => Promise<ProbeRun>;

export interface ProbeRoundDeps {
  orgs: {
    list(): Promise<Pick<OrgRecord, 'name' | 'enabled'>[]>;
    get(org: string): Promise<OrgRecord | undefined>;
  };
  definitions: ProbeDefinitionStore;
  hosts: ProbeHostsStore;
  rounds: ProbeRoundStore;
  mackerel: ProbeMackerel;
  runTargets: TargetRunner;
  publisher: MessagePublisher;
  /** Unset when no self-watch org is configured. */
  postSelfWatch?: (points: ServiceMetricValue[]) => Promise<void>;
  logger: Logger;
  now: () => Date;
}

export interface ProbeRoundSettings {
  chunkSize: number;
  staleAfterMs: number;
  hostsMaxAgeMs: number;
}

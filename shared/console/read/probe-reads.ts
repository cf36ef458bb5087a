import type { OrgProbes } from '../../probes/org-probes';
import type { ProbeRoundRecord } from '../../probes/probe-round-record';

/** Host names by host id, per org. */
export type ProbeHostNames = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** What the Probes page reads: the probe function's own documents, never written by the console. */
export interface ProbeReads {
  /** Every org's probes and settings that parse (probeDefinitions/{org}). */
  probeDefinitions(): Promise<{ org: string; probes: OrgProbes }[]>;
  /** Each chunk's last round (probeRounds/{org}__{chunk}), of these orgs; of every org without `orgs`. */
  probeRounds(orgs?: readonly string[]): Promise<ProbeRoundRecord[]>;
  /**
   * The names of the hosts the probes of these orgs last fetched (probeHosts/{org}), to name a failing
   * host; a host missing from Mackerel (retired, gone) has none.
   */
  probeHostNames(orgs: readonly string[]): Promise<ProbeHostNames>;
}

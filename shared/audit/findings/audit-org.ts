import type { DesiredMonitor } from '../../monitors/plan/monitor-plan';
import type { OrgRecord } from '../../orgs/org-record';
import { type AuditObservation, isKeyError } from '../audit-observation';
import { type HostSnapshot, nextHostSnapshot } from '../host-snapshot';
import {
  apiKeyFinding,
  auditFailingFinding,
  DEFAULT_TRANSIENT_FAILURE_THRESHOLD,
  type FailureStreak,
  nextFailureStreak,
  orgMismatchFinding,
} from './access-findings';
import { FINDING_KINDS, type FindingDraft, type FindingKind, toEpochSeconds } from './finding';
import {
  hostQuotaFinding,
  NEW_HOST_STANDS_SECONDS,
  newHostFindings,
  outsideNetworkFindings,
} from './host-findings';
import { monitorDriftFindings } from './monitor-drift-findings';
import { type ProbeDefinitionCheck, probeDefinitionFindings } from './probe-definition-findings';
import { webhookChannelFinding } from './webhook-channel-finding';

/** The org record's facts the audit needs, plus where our intake's webhook URLs start. */
export type OrgAuditFacts = Pick<OrgRecord, 'name' | 'hostQuota' | 'declaredNetworks'> & {
  /** e.g. `https://intake.example.com/hooks/mackerel`; the per-org token follows it. */
  webhookUrlPrefix: string;
};

export interface OrgAuditOptions {
  /** Failed rounds in a row (network trouble) before they are a finding. */
  transientFailureThreshold: number;
  /** How long a new host stays a finding. */
  newHostStandsSeconds: number;
}

export const DEFAULT_ORG_AUDIT_OPTIONS: OrgAuditOptions = {
  transientFailureThreshold: DEFAULT_TRANSIENT_FAILURE_THRESHOLD,
  newHostStandsSeconds: NEW_HOST_STANDS_SECONDS,
};

export interface OrgAuditInput {
  org: OrgAuditFacts;
  observation: AuditObservation;
  /** null snapshot: the org's first audit (a baseline: no host is new). */
  previous: { snapshot: HostSnapshot | null; failureStreak: FailureStreak | null };
  now: Date;
  /** What the org's last monitors push rendered, on rounds that check drift (and list the monitors). */
  driftCheck?: { desired: readonly DesiredMonitor[] } | null;
  /**
   * The org's last probe round's definition problems; null or absent: not known this round. Judged only
   * on rounds that audit the org (a failed key or another org's key leaves them standing, as drift).
   */
  probeDefinitions?: ProbeDefinitionCheck | null;
  options?: Partial<OrgAuditOptions>;
}

export interface OrgAuditResult {
  /** The org's own facts were checked (key works and names this org). */
  audited: boolean;
  findings: FindingDraft[];
  /** Kinds this round could check: findings of other kinds stand as they were (see diffFindings). */
  checkedKinds: readonly FindingKind[];
  /** Unchanged when not audited. */
  snapshot: HostSnapshot | null;
  failureStreak: FailureStreak | null;
  /** Non-retired hosts; null when not audited. */
  billable: number | null;
  /** Set on the first audit: how many hosts the baseline holds. */
  baselineHostCount: number | null;
  /** The round compared the org's monitors with its templates. */
  driftChecked: boolean;
}

const ACCESS_KINDS = ['api-key', 'audit-failing'] as const satisfies readonly FindingKind[];

const present = <T>(value: T | null): value is T => value !== null;

/** One round of one org, decided: what stands now, the snapshot to keep and the count to record. */
export function auditOrg({
  org,
  observation,
  previous,
  now,
  driftCheck,
  probeDefinitions,
  ...rest
}: OrgAuditInput): OrgAuditResult {
  const options = { ...DEFAULT_ORG_AUDIT_OPTIONS, ...rest.options };
  const at = toEpochSeconds(now);
  const errorKind = observation.kind === 'failed' ? observation.errorKind : null;
  const failureStreak = nextFailureStreak(previous.failureStreak, errorKind, at);
  const access = [
    apiKeyFinding(errorKind),
    auditFailingFinding(failureStreak, options.transientFailureThreshold),
  ];
  const notAudited = {
    audited: false,
    snapshot: previous.snapshot,
    failureStreak,
    billable: null,
    baselineHostCount: null,
    driftChecked: false,
  };
  if (observation.kind === 'failed') {
    // A passing failure says nothing about the key: a standing api-key finding stays.
    const checkedKinds = isKeyError(observation.errorKind) ? ACCESS_KINDS : (['audit-failing'] as const);
    return { ...notAudited, findings: access.filter(present), checkedKinds };
  }
  const mismatch = orgMismatchFinding(org.name, observation.orgName);
  if (mismatch !== null) {
    // Another org's hosts and channels say nothing about this one: leave those findings as they stand.
    return {
      ...notAudited,
      findings: [...access.filter(present), mismatch],
      checkedKinds: [...ACCESS_KINDS, 'org-mismatch'],
    };
  }
  const hosts = observation.hosts.filter((h) => !h.isRetired);
  const monitors = driftCheck ? observation.monitors : undefined;
  const snapshot = nextHostSnapshot(previous.snapshot, hosts, at);
  const findings: (FindingDraft | null)[] = [
    ...access,
    webhookChannelFinding(observation.channels, org.webhookUrlPrefix),
    hostQuotaFinding(hosts.length, org.hostQuota),
    ...newHostFindings(hosts, snapshot, at, options.newHostStandsSeconds),
    ...outsideNetworkFindings(hosts, org.declaredNetworks),
    ...(driftCheck && monitors ? monitorDriftFindings(driftCheck.desired, monitors) : []),
    ...(probeDefinitions ? probeDefinitionFindings(probeDefinitions.problems) : []),
  ];
  // Drift stands as it was on the rounds between daily checks; probe definitions while the probe round's
  // record is stale, or capped (a probe left out of the list may still have problems).
  const unchecked = new Set<FindingKind>();
  if (!monitors) unchecked.add('monitor-drift');
  if (!probeDefinitions?.complete) unchecked.add('probe-definition');
  return {
    audited: true,
    findings: findings.filter(present),
    checkedKinds: FINDING_KINDS.filter((kind) => !unchecked.has(kind)),
    snapshot,
    failureStreak,
    billable: hosts.length,
    baselineHostCount: previous.snapshot === null ? hosts.length : null,
    driftChecked: monitors !== undefined,
  };
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../kernel/canonical-json';
import { ALL_ORGS } from '../kernel/org-name';
import { jstDateOf } from '../kernel/time/jst-calendar';
import { TOPICS } from '../kernel/topology';
import { notificationAttributes, notificationMessageSchema } from '../notify/message/notification-message';
import type { ReportContent } from '../notify/message/report-content';
import type { AuditRequest, OneOrgAuditRequest } from './audit-round-plan';
import { planAuditRound } from './audit-round-plan';
import { driftCheckDue } from './drift-check-due';
import type { FindingChanges } from './findings/diff-findings';
import { toEpochSeconds } from './findings/finding';
import { findingFingerprint } from './findings/finding-fingerprint';
import { type ProbeDefinitionCheck, probeDefinitionCheck } from './findings/probe-definition-findings';
import { nextHostCountDay } from './host-count-day';
import { auditSummaryMail } from './mail/audit-summary-mail';
import { orgChangeMail } from './mail/org-change-mail';
import type { OrgAuditDeps, OrgAuditSettings } from './org-audit-ports';
import { advanceOrgAudit } from './org-audit-state';
import { selfWatchMetrics } from './self-watch-metrics';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A round is every org's share of one hourly schedule; a little slack for late shares. */
const ROUND_WINDOW_MS = 65 * 60_000;

export type OrgAuditOutcome =
  | { kind: 'fanned-out'; orgs: number }
  | { kind: 'audited'; org: string; audited: boolean; mailed: string | null }
  | { kind: 'skipped'; org: string; why: string }
  | { kind: 'summary'; mailed: string };

const hash = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 24);

/**
 * The id of an org's change mail: a function of the state it was decided against and of what changed, so
 * the redelivery of a round that died after publishing (before the state was stored) decides the same
 * id, and the mailer sends it once.
 */
function changeMailId(org: string, lastRoundAt: number | null, changes: FindingChanges): string {
  return `audit-${org}-${hash([
    org,
    lastRoundAt,
    changes.appeared.map((f) => [f.key, findingFingerprint(f)]),
    changes.changed.map((c) => [c.finding.key, findingFingerprint(c.finding)]),
    changes.cleared.map((f) => f.key),
  ])}`;
}

async function publishReport(
  deps: OrgAuditDeps,
  settings: OrgAuditSettings,
  id: string,
  org: string,
  report: ReportContent,
  correlationId: string,
): Promise<string> {
  const n = notificationMessageSchema.parse({
    version: 1,
    id,
    kind: 'report',
    org,
    routeId: 'org-audit',
    language: settings.language,
    recipients: settings.recipients,
    correlationId,
    report,
  });
  await deps.publisher.publish(
    TOPICS.notifications,
    Buffer.from(JSON.stringify(n)),
    notificationAttributes(n),
  );
  return n.id;
}

/** One scheduled message becomes one `round` message per enabled org; then the self-watch is posted. */
async function fanOut(deps: OrgAuditDeps, now: Date): Promise<OrgAuditOutcome> {
  const plan = planAuditRound({ reason: 'schedule' }, await deps.orgs.list());
  if (plan.kind !== 'fan-out') throw new Error('a schedule always fans out');
  const roundStartedAt = now.toISOString();
  await Promise.all(
    plan.orgs.map((org) =>
      deps.publisher.publish(
        TOPICS.auditRequests,
        Buffer.from(JSON.stringify({ reason: 'round', org, roundStartedAt })),
        { org, reason: 'round' },
      ),
    ),
  );
  deps.logger.info('audit round fanned out', { orgs: plan.orgs.length, roundStartedAt });
  if (deps.postSelfWatch) {
    // A failed post is logged, not retried: a missing point is what the Mackerel monitor watches for.
    try {
      await deps.postSelfWatch(await roundHealth(deps, now));
    } catch (error) {
      deps.logger.error('self-watch metrics not posted', { error: String(error) });
    }
  }
  return { kind: 'fanned-out', orgs: plan.orgs.length };
}

/** The previous round's figures (shares finished in the last 65 minutes) and the pipeline's vital signs. */
async function roundHealth(deps: OrgAuditDeps, now: Date) {
  const since = now.getTime() - ROUND_WINDOW_MS;
  const recent = (await deps.store.list()).filter((s) => s.lastRoundAt * 1000 >= since);
  const audited = recent.filter((s) => s.lastAuditedAt === s.lastRoundAt);
  const times = recent.map((s) => s.lastRoundAt);
  const [eventsAcceptedLastHour, backlogSize, deadLettersByTopic] = await Promise.all([
    deps.health.eventsRoutedSince(new Date(now.getTime() - HOUR_MS)),
    deps.health.backlogSize(),
    deps.health.deadLettersByTopic(),
  ]);
  const deadLetters = Object.values(deadLettersByTopic).reduce((sum, n) => sum + n, 0);
  return selfWatchMetrics(
    {
      orgsAudited: audited.length,
      orgsFailed: recent.length - audited.length,
      eventsAcceptedLastHour,
      backlogSize,
      deadLetters,
      roundSeconds: times.length > 0 ? Math.max(...times) - Math.min(...times) : 0,
    },
    now,
    deadLettersByTopic,
  );
}

/**
 * One org's share of a round (or an on-demand or hostRegister request): observe it through its key,
 * decide findings against the stored state (pure, shared/audit), mail what appeared, changed or cleared,
 * then store the state and the day's host count. Publishing before storing: a crash in between decides
 * the same mail again, with the same id.
 */
async function auditOne(
  deps: OrgAuditDeps,
  settings: OrgAuditSettings,
  request: OneOrgAuditRequest,
  now: Date,
  correlationId: string,
): Promise<OrgAuditOutcome> {
  const record = await deps.orgs.get(request.org);
  const plan = planAuditRound(request, record ? [record] : []);
  if (plan.kind !== 'audit' || record === undefined) {
    deps.logger.info('org not audited', {
      org: request.org,
      why: plan.kind === 'skip' ? plan.why : plan.kind,
    });
    return { kind: 'skipped', org: request.org, why: plan.kind === 'skip' ? plan.why : plan.kind };
  }
  const log = deps.logger.child({ org: record.name });
  const date = jstDateOf(now);
  // The day's host counts are read with the state (one Firestore call), though only a count writes them;
  // the monitor plan and the probe round's record join that call.
  const stored = Promise.all([
    deps.store.get(record.name),
    deps.store.getHostCountDay(record.name, date),
    monitorPlanOf(deps, record.name),
    probeDefinitionsOf(deps, record.name, now),
  ]);
  const dueNow = stored.then(([previous, , plan]) =>
    driftCheckDue(
      request.reason,
      previous?.driftCheckedAt ?? null,
      plan?.renderedAt ?? null,
      toEpochSeconds(now),
    ),
  );
  // Mackerel is asked while Firestore answers: the observer needs the decision only after `GET /org`.
  const [[previous, day, monitorPlan, probeDefinitions], observation, checkDrift] = await Promise.all([
    stored,
    deps.observe(record.name, { monitors: dueNow }),
    dueNow,
  ]);
  const round = advanceOrgAudit(previous, {
    org: {
      name: record.name,
      hostQuota: record.hostQuota,
      declaredNetworks: record.declaredNetworks,
      webhookUrlPrefix: settings.webhookUrlPrefix,
    },
    observation,
    now,
    driftCheck: checkDrift && monitorPlan ? { desired: monitorPlan.monitors } : null,
    probeDefinitions,
  });
  const mail = orgChangeMail({
    org: record,
    changes: round.changes,
    billable: round.result.billable,
    now,
    language: settings.language,
  });
  const mailed =
    mail === null
      ? null
      : await publishReport(
          deps,
          settings,
          changeMailId(record.name, previous?.lastRoundAt ?? null, round.changes),
          record.name,
          mail,
          correlationId,
        );
  await deps.store.put(round.state);
  if (round.result.billable !== null) {
    await deps.store.putHostCountDay(nextHostCountDay(day, record.name, round.result.billable, now));
  }
  const fields = {
    reason: request.reason,
    audited: round.result.audited,
    observation: observation.kind === 'ok' ? 'ok' : observation.errorKind,
    billable: round.result.billable,
    driftChecked: round.result.driftChecked,
    probeDefinitionsChecked: probeDefinitions?.complete ?? false,
    standing: round.state.findings.length,
    appeared: round.changes.appeared.map((f) => f.key),
    changed: round.changes.changed.map((c) => c.finding.key),
    cleared: round.changes.cleared.map((f) => f.key),
    notificationId: mailed,
  };
  if (observation.kind === 'failed') log.warn('org audit could not observe the org', fields);
  else log.info('org audited', fields);
  return { kind: 'audited', org: record.name, audited: round.result.audited, mailed };
}

/** The org's last monitors push; an unreadable plan is logged and skips the drift check, not the audit. */
async function monitorPlanOf(deps: OrgAuditDeps, org: string) {
  try {
    return (await deps.monitorPlans?.get(org)) ?? null;
  } catch (error) {
    deps.logger.error('monitor plan unreadable: drift not checked', { org, error: String(error) });
    return null;
  }
}

/**
 * The org's probe definition problems, from chunk 0 of its last probe round. Unreadable (logged) or too
 * old: not checked this round (null), so its findings stand; no record at all: the org has none.
 */
async function probeDefinitionsOf(
  deps: OrgAuditDeps,
  org: string,
  now: Date,
): Promise<ProbeDefinitionCheck | null> {
  if (deps.probeRounds === undefined) return null;
  try {
    return probeDefinitionCheck(await deps.probeRounds.get(org, 0), toEpochSeconds(now));
  } catch (error) {
    deps.logger.error('probe round unreadable: probe definitions not checked', { org, error: String(error) });
    return null;
  }
}

/** The 09:00 JST list of what stands, across every org, once per JST day. */
async function dailySummary(
  deps: OrgAuditDeps,
  settings: OrgAuditSettings,
  now: Date,
  correlationId: string,
) {
  const [orgs, states, missed, deadLetters] = await Promise.all([
    deps.orgs.list(),
    deps.store.list(),
    deps.missedWebhooks?.missedWebhooksSince(new Date(now.getTime() - DAY_MS)),
    deps.health.deadLettersByTopic(),
  ]);
  const stateOf = new Map(states.map((s) => [s.org, s]));
  const report = auditSummaryMail({
    orgs: orgs
      .filter((o) => o.enabled)
      .map((o) => ({
        name: o.name,
        hostQuota: o.hostQuota,
        state: stateOf.get(o.name) ?? null,
        // The last 24 hours: since the previous summary.
        ...(missed ? { missedWebhooks: missed[o.name] ?? 0 } : {}),
      })),
    roundStartedAt: new Date(now.getTime() - ROUND_WINDOW_MS),
    now,
    language: settings.language,
    deadLetters,
  });
  const id = await publishReport(
    deps,
    settings,
    `audit-summary-${jstDateOf(now)}`,
    ALL_ORGS,
    report,
    correlationId,
  );
  deps.logger.info('audit summary mailed', { notificationId: id, orgs: orgs.length });
  return { kind: 'summary' as const, mailed: id };
}

export async function runOrgAudit(
  deps: OrgAuditDeps,
  settings: OrgAuditSettings,
  request: AuditRequest,
  correlationId: string,
): Promise<OrgAuditOutcome> {
  const now = deps.now?.() ?? new Date();
  if (request.reason === 'schedule') return fanOut(deps, now);
  if (request.reason === 'daily-summary') return dailySummary(deps, settings, now, correlationId);
  return auditOne(deps, settings, request, now, correlationId);
}

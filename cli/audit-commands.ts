import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreOrgAudits } from '../shared/audit/adapters/firestore-org-audits';
import { type AuditRequest, auditRequestSchema } from '../shared/audit/audit-round-plan';
import { compareFindings, type Finding, findingSeveritySchema } from '../shared/audit/findings/finding';
import { findingDetail } from '../shared/audit/findings/finding-detail';
import { orgNameSchema } from '../shared/kernel/org-name';
import { epochText } from '../shared/kernel/time/jst-format';
import { TOPICS } from '../shared/kernel/topology';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { listOf } from './option-parsers';
import { existingOrg } from './org-arguments';
import { textTable } from './text-table';

const orgOption = z.object({ org: orgNameSchema.optional() });

/**
 * Asks the org-audit function for a round now: the whole fan-out (as the hourly schedule does), or one
 * org. Its correlation id is printed, to find the round in the logs.
 */
async function runAudit(session: CliSession, org: string | undefined): Promise<Report> {
  if (org !== undefined) {
    const record = await existingOrg(session, org);
    if (!record.enabled) throw new Error(`org ${org} is disabled: the audit skips disabled orgs`);
  }
  const request: AuditRequest = auditRequestSchema.parse(
    org === undefined ? { reason: 'schedule' } : { reason: 'on-demand', org },
  );
  const correlationId = `msp-ops-${randomUUID()}`;
  const publisher = session.publisher();
  const messageId = await publisher.publish(TOPICS.auditRequests, Buffer.from(JSON.stringify(request)), {
    correlationId,
    ...(org === undefined ? {} : { org }),
  });
  return {
    json: { topic: TOPICS.auditRequests, request, messageId, correlationId },
    text: `Requested ${org === undefined ? 'an audit round of every enabled org' : `an audit of org ${org}`} (message ${messageId}, correlationId ${correlationId}).`,
  };
}

const findingsInput = orgOption.extend({ severity: z.array(findingSeveritySchema).default([]) });

type OrgFinding = Finding & { org: string };

async function listFindings(session: CliSession, input: z.infer<typeof findingsInput>): Promise<Report> {
  const audits = firestoreOrgAudits(session.firestore());
  if (input.org !== undefined) await existingOrg(session, input.org);
  const states =
    input.org === undefined ? await audits.list() : [await audits.get(input.org)].flatMap((s) => s ?? []);
  const findings: OrgFinding[] = states
    .flatMap((state) => state.findings.map((finding) => ({ ...finding, org: state.org })))
    .filter((f) => input.severity.length === 0 || input.severity.includes(f.severity))
    .sort((a, b) => compareFindings(a, b) || a.org.localeCompare(b.org));
  const rows = findings.map((f) => [
    f.org,
    f.severity,
    f.kind,
    findingDetail(f),
    epochText(f.firstSeenAt),
    epochText(f.lastSeenAt),
  ]);
  const text = [
    textTable(['ORG', 'SEVERITY', 'KIND', 'DETAIL', 'FIRST SEEN', 'LAST SEEN'], rows),
    `${findings.length} standing finding(s), worst first, from ${states.length} audited org(s)`,
  ].join('\n');
  return { json: { findings, auditedOrgs: states.length }, text };
}

export function registerAuditCommands(program: Command, session: CliSession): void {
  const audit = program.command('audit').description('the org audit: run it now, read what it found');
  audit
    .command('run')
    .description('publish an audit request on audit-requests: every enabled org, or one')
    .option('--org <name>', 'only this org')
    .action(action(session, orgOption, ({ org }) => runAudit(session, org)));
  audit
    .command('findings')
    .description("standing findings (as of each org's last audit round), worst first")
    .option('--org <name>', 'only this org')
    .option(
      '--severity <level>',
      `only this severity (${findingSeveritySchema.options.join(', ')}); repeatable or comma-separated`,
      listOf(findingSeveritySchema),
    )
    .action(action(session, findingsInput, (input) => listFindings(session, input)));
}

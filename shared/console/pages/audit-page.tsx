import { findingDetail } from '../../audit/findings/finding-detail';
import type { OrgAuditSummary } from '../../audit/org-audit-summary';
import { epochText } from '../../kernel/time/jst-format';
import { REPORT_SEVERITIES } from '../../notify/message/report-content';
import type { AuditFilters, StandingFinding } from '../views/audit-view';
import { Layout } from './layout';
import type { PageContext } from './page-context';
import { OrgFilter, SelectFilter } from './page-parts';

function lastRound(audit: OrgAuditSummary): string {
  if (audit.failureStreak) {
    return `failing: ${audit.failureStreak.errorKind}, ${audit.failureStreak.count} round(s) since ${epochText(audit.failureStreak.since)}`;
  }
  return audit.lastAuditedAt === audit.lastRoundAt ? 'audited' : 'round ran, org not checked';
}

export function AuditPage(props: {
  ctx: PageContext;
  filters: AuditFilters;
  findings: readonly StandingFinding[];
  audits: readonly OrgAuditSummary[];
  orgs: readonly string[];
}) {
  const { filters } = props;
  return (
    <Layout ctx={props.ctx} title="Audit" active="/audit">
      <form class="filters" method="get" action="/audit">
        <OrgFilter orgs={props.orgs} selected={filters.org} />
        <SelectFilter
          name="severity"
          label="Severity"
          options={REPORT_SEVERITIES}
          selected={filters.severity}
        />
        <button type="submit">Filter</button>
      </form>
      <h2>Standing findings ({props.findings.length})</h2>
      <table class="findings" data-testid="findings">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Org</th>
            <th>Finding</th>
            <th>Detail</th>
            <th>Appeared (JST)</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {props.findings.map(({ org, finding }) => (
            <tr data-org={org} data-kind={finding.kind}>
              <td>
                <span class={`sev sev-${finding.severity === 'info' ? 'ok' : finding.severity}`}>
                  {finding.severity}
                </span>
              </td>
              <td>
                <a href={`/orgs/${org}`}>{org}</a>
              </td>
              <td>{finding.kind}</td>
              <td>{findingDetail(finding)}</td>
              <td>{epochText(finding.firstSeenAt)}</td>
              <td>{epochText(finding.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Last round per org</h2>
      <table class="rounds" data-testid="rounds">
        <thead>
          <tr>
            <th>Org</th>
            <th>Last round (JST)</th>
            <th>Result</th>
            <th>Billable hosts</th>
            <th>Findings</th>
          </tr>
        </thead>
        <tbody>
          {props.audits
            .filter((a) => filters.org === undefined || a.org === filters.org)
            .map((audit) => (
              <tr data-org={audit.org}>
                <td>{audit.org}</td>
                <td>{epochText(audit.lastRoundAt)}</td>
                <td>{lastRound(audit)}</td>
                <td>{audit.billable ?? '-'}</td>
                <td>{audit.findings.length}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </Layout>
  );
}

import type { OrgAuditSummary } from '../../audit/org-audit-summary';
import type { HostHit } from '../../fleet/host-hits';
import { epochText } from '../../kernel/time/jst-format';
import type { OrgRecord } from '../../orgs/org-record';
import { HOST_FILTER_STATUSES, HOST_ROWS_SHOWN, type HostFilters } from '../views/host-filters';
import { Layout } from './layout';
import { mackerelHostUrl } from './links';
import type { PageContext } from './page-context';
import { OrgOptions, SelectFilter } from './page-parts';

/** `matched`: hosts found in all, of which `hits` are the first (by org and name). */
export function HostTable(props: { ctx: PageContext; hits: readonly HostHit[]; matched: number }) {
  const shown = props.hits.slice(0, HOST_ROWS_SHOWN);
  return (
    <>
      <p class="muted" data-testid="host-count">
        {props.matched} host(s){props.matched > shown.length ? `, first ${shown.length} shown` : ''}
      </p>
      <table class="hosts">
        <thead>
          <tr>
            <th>Org</th>
            <th>Host</th>
            <th>Status</th>
            <th>Roles</th>
            <th>First seen by the audit</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((hit) => (
            <tr data-host={hit.hostId}>
              <td>
                <a href={`/hosts/${hit.org}`}>{hit.org}</a>
              </td>
              <td>
                <a href={mackerelHostUrl(props.ctx.mackerelBaseUrl, hit.org, hit.hostId)}>{hit.name}</a>
              </td>
              <td>{hit.status ?? '-'}</td>
              <td>{hit.roles.join(', ')}</td>
              <td>{epochText(hit.firstSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export interface OrgHostCount {
  org: OrgRecord;
  audit: OrgAuditSummary | undefined;
}

function QuotaCell(props: { row: OrgHostCount }) {
  const billable = props.row.audit?.billable ?? null;
  const quota = props.row.org.hostQuota;
  if (billable === null) return <td class="muted">not audited yet</td>;
  const state =
    quota === undefined ? '' : billable > quota.max ? 'over max' : billable >= quota.warn ? 'at warn' : '';
  return (
    <td class={state ? 'problem' : undefined}>
      {billable}
      {quota ? ` / ${quota.max} (warn ${quota.warn})` : ' (no quota)'} {state}
    </td>
  );
}

export function HostsPage(props: {
  ctx: PageContext;
  filters: HostFilters;
  search: { hits: readonly HostHit[]; matched: number } | null;
  counts: readonly OrgHostCount[];
}) {
  const { filters } = props;
  return (
    <Layout ctx={props.ctx} title="Hosts" active="/hosts">
      <form class="filters" method="get" action="/hosts">
        <label for="f-q">
          Host name <input id="f-q" name="q" value={filters.q ?? ''} placeholder="web or web-*" />
        </label>
        <label for="f-org">
          Org <OrgOptions name="org" orgs={props.counts.map((c) => c.org.name)} selected={filters.org} />
        </label>
        <SelectFilter name="status" label="Status" options={HOST_FILTER_STATUSES} selected={filters.status} />
        <button type="submit">Search</button>
      </form>
      {props.search === null ? null : (
        <HostTable ctx={props.ctx} hits={props.search.hits} matched={props.search.matched} />
      )}
      <h2>Billable hosts per org</h2>
      <table class="counts" data-testid="org-counts">
        <thead>
          <tr>
            <th>Org</th>
            <th>Billable / max</th>
            <th>Audited</th>
          </tr>
        </thead>
        <tbody>
          {props.counts.map((row) => (
            <tr data-org={row.org.name}>
              <td>
                <a href={`/hosts/${row.org.name}`}>{row.org.displayName}</a>{' '}
                <span class="muted">{row.org.name}</span>
              </td>
              <QuotaCell row={row} />
              <td>{epochText(row.audit?.lastAuditedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

import type { AlertState } from '../../alerting/router/alert-state';
import { jstText } from '../../kernel/time/jst-format';
import type { AlertSearch, AlertSearchResult } from '../views/alert-search';
import { SEVERITIES, severityOf } from '../views/alert-severity';
import { SeverityBadge, SuppressionBadge } from './alert-badges';
import { Layout } from './layout';
import type { PageContext } from './page-context';
import { alertPath, OrgFilter, SelectFilter } from './page-parts';

const when = (seconds: number | null) => (seconds === null ? '' : jstText(new Date(seconds * 1000)));

function AlertRow(props: { state: AlertState }) {
  const { state } = props;
  return (
    <tr data-alert={state.alertId}>
      <td>
        <SeverityBadge severity={severityOf(state)} />
      </td>
      <td>{state.org}</td>
      <td>
        <a href={alertPath(state)}>{state.monitorName}</a>
        <div class="muted">{state.display?.message ?? ''}</div>
      </td>
      <td>{state.target}</td>
      <td>{when(state.openedAt)}</td>
      <td>{state.isOpen ? 'open' : `closed ${when(state.closedAt)}`}</td>
      <td>
        <SuppressionBadge state={state} />
      </td>
    </tr>
  );
}

export function AlertsPage(props: {
  ctx: PageContext;
  query: AlertSearch;
  result: AlertSearchResult;
  orgs: readonly string[];
}) {
  const { query, result } = props;
  return (
    <Layout ctx={props.ctx} title="Alerts" active="/alerts">
      <form class="filters" method="get" action="/alerts">
        <OrgFilter orgs={props.orgs} selected={query.org} />
        <SelectFilter name="severity" label="Severity" options={SEVERITIES} selected={query.severity} />
        <SelectFilter name="status" label="Status" options={['open', 'closed']} selected={query.status} />
        <label for="f-host">
          Host <input id="f-host" name="host" value={query.host ?? ''} placeholder="web or web-*" />
        </label>
        <label for="f-monitor">
          Monitor <input id="f-monitor" name="monitor" value={query.monitor ?? ''} />
        </label>
        <label for="f-from">
          Opened from <input id="f-from" name="from" value={query.from ?? ''} placeholder="YYYY-MM-DD" />
        </label>
        <label for="f-to">
          to <input id="f-to" name="to" value={query.to ?? ''} placeholder="YYYY-MM-DD" />
        </label>
        <button type="submit">Search</button>
      </form>
      <p class="muted" data-testid="count">
        {result.alerts.length + result.more} alert(s)
        {result.more > 0 ? `, newest ${result.alerts.length} shown` : ''}
      </p>
      <table class="alerts">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Org</th>
            <th>Monitor</th>
            <th>Target</th>
            <th>Opened (JST)</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {result.alerts.map((state) => (
            <AlertRow state={state} />
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

import type { StoredRouteTrial } from '../../alerting/adapters/firestore-route-trial';
import { describeDestinations, describeTimes } from '../../routing/describe-destinations';
import { describeMatch } from '../../routing/describe-match';
import type { MspRoute, Route } from '../../routing/route-schema';
import { CSRF_FIELD } from '../auth/csrf-guard';
import type { OrgRouting } from '../read/console-reads';
import type { OrgOverview } from '../views/org-overview';
import { Layout } from './layout';
import { ChannelCell } from './orgs-page';
import type { PageContext } from './page-context';
import { ConfigProblems } from './page-parts';
import { RouteTrialResult } from './route-trial-result';
import { SilenceTable } from './silence-table';

function RouteRows(props: { routes: readonly (Route | MspRoute)[] }) {
  return (
    <>
      {[...props.routes]
        .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
        .map((route) => (
          <tr data-route={route.id}>
            <td>{route.order}</td>
            <td>
              {route.name} <span class="muted">{route.id}</span>
            </td>
            <td>{route.enabled ? 'yes' : 'no'}</td>
            <td>
              <code>
                {describeMatch({ ...route.match, ...('orgs' in route ? { orgs: route.orgs } : {}) })}
              </code>
            </td>
            <td>{describeDestinations(route)}</td>
            <td>{describeTimes(route)}</td>
            <td>{route.continue ? 'continue' : 'stop'}</td>
          </tr>
        ))}
    </>
  );
}

const RouteTable = (props: { routes: readonly (Route | MspRoute)[]; testid: string }) => (
  <table class="routes" data-testid={props.testid}>
    <thead>
      <tr>
        <th>Order</th>
        <th>Route</th>
        <th>Enabled</th>
        <th>Matchers</th>
        <th>Targets</th>
        <th>When</th>
        <th>Then</th>
      </tr>
    </thead>
    <tbody>
      <RouteRows routes={props.routes} />
    </tbody>
  </table>
);

/** One org read-only: its facts, routes, the MSP routes, its silences, and a route test with a pasted body. */
export function OrgPage(props: {
  ctx: PageContext;
  overview: OrgOverview;
  routing: OrgRouting;
  trial?: { body: string; result: StoredRouteTrial | null; problems: readonly string[] };
}) {
  const { org } = props.overview;
  const { routing } = props;
  return (
    <Layout ctx={props.ctx} title={`${org.displayName} (${org.name})`} active="/orgs">
      <table class="facts">
        <tbody>
          <tr>
            <th>Language</th>
            <td>{org.language}</td>
          </tr>
          <tr>
            <th>Host quota</th>
            <td>{org.hostQuota ? `warn ${org.hostQuota.warn}, max ${org.hostQuota.max}` : '-'}</td>
          </tr>
          <tr>
            <th>Webhook channel</th>
            <ChannelCell health={props.overview.channel} />
          </tr>
          <tr>
            <th>Default route</th>
            <td>{org.defaultRoute ? describeDestinations(org.defaultRoute) : 'none (MSP routes only)'}</td>
          </tr>
          <tr>
            <th>Memo</th>
            <td>{org.memo}</td>
          </tr>
        </tbody>
      </table>
      <p>
        <a href={`/hosts/${org.name}`}>Hosts and billable count</a> ·{' '}
        <a href={`/alerts?org=${org.name}`}>Alerts</a> · <a href={`/audit?org=${org.name}`}>Audit</a> ·{' '}
        <a href={`/probes?org=${org.name}`}>Probes</a>
      </p>
      <h2>Routes of the org</h2>
      <RouteTable routes={routing.routes} testid="org-routes" />
      <h2>MSP-wide routes</h2>
      <RouteTable routes={routing.mspRoutes} testid="msp-routes" />
      <h2>Silences</h2>
      <SilenceTable ctx={props.ctx} silences={routing.silences} />
      <ConfigProblems problems={routing.problems} />
      <h2>Route test</h2>
      <form method="post" action={`/orgs/${org.name}/route-test`}>
        <input type="hidden" name={CSRF_FIELD} value={props.ctx.csrfToken} />
        <label for="route-test-body">Paste a Mackerel webhook body (JSON)</label>
        <textarea id="route-test-body" name="body" rows={10} cols={100}>
          {props.trial?.body ?? ''}
        </textarea>
        <div>
          <button type="submit">Test</button>
        </div>
      </form>
      {props.trial?.problems.length ? (
        <ul class="problems" data-testid="problems">
          {props.trial.problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      ) : null}
      {props.trial?.result ? <RouteTrialResult trial={props.trial.result} /> : null}
    </Layout>
  );
}

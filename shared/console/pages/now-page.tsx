import { jstText } from '../../kernel/time/jst-format';
import { SEVERITIES } from '../views/alert-severity';
import type { NowFilters, NowView } from '../views/now-view';
import { SeverityBadge, SuppressionBadge } from './alert-badges';
import { Layout } from './layout';
import { mackerelHostUrl, safeHttpUrl, withQuery } from './links';
import type { PageContext } from './page-context';
import { alertPath, OrgFilter, SelectFilter } from './page-parts';

/** Seconds between refreshes of the open alerts (htmx polls the fragment). */
export const NOW_REFRESH_SECONDS = 30;

export function NowAlerts(props: { ctx: PageContext; view: NowView; filters: NowFilters }) {
  const { view, ctx } = props;
  return (
    <div
      id="now-alerts"
      hx-get={withQuery('/now/fragment', props.filters)}
      hx-trigger={`every ${NOW_REFRESH_SECONDS}s`}
      hx-swap="outerHTML"
    >
      <p class="totals" data-testid="totals">
        {SEVERITIES.map((s) => (
          <span class={`total sev-${s}`}>
            {view.totals[s]} {s}
          </span>
        ))}
        <span class="muted">as of {jstText(ctx.now)}</span>
      </p>
      {view.shown < SEVERITIES.reduce((sum, s) => sum + view.totals[s], 0) ? (
        <p class="notice" data-testid="truncated">
          Showing the {view.shown} newest open alerts. Pick an org or a severity to see the others, or search
          them on the <a href={withQuery('/alerts', { ...props.filters, status: 'open' })}>Alerts</a> page.
        </p>
      ) : null}
      {view.storm.length > 0 ? (
        <section class="storm" data-testid="storm">
          <h2>Storm control</h2>
          <ul>
            {view.storm.map((d) => (
              <li>
                route <code>{d.routeKey}</code>: {d.folds.length} alert(s) folded, digest at{' '}
                {jstText(d.windowEnd)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {view.groups.length === 0 ? <p class="empty">No open alerts.</p> : null}
      {view.groups.map((group) => (
        <section class="org-group" data-org={group.org}>
          <h2>
            <a href={`/orgs/${group.org}`}>{group.displayName}</a> <span class="muted">{group.org}</span>
          </h2>
          {group.sections.map((section) => (
            <table class="alerts">
              <tbody>
                {section.alerts.map(({ state, severity, digest }) => {
                  const link = safeHttpUrl(state.display?.alertUrl);
                  return (
                    <tr data-alert={state.alertId}>
                      <td>
                        <SeverityBadge severity={severity} />
                      </td>
                      <td>
                        <a href={alertPath(state)}>{state.monitorName}</a>
                        <div class="muted">{state.display?.message ?? ''}</div>
                      </td>
                      <td>
                        {state.hostId ? (
                          <a href={mackerelHostUrl(ctx.mackerelBaseUrl, state.org, state.hostId)}>
                            {state.target}
                          </a>
                        ) : (
                          state.target
                        )}
                      </td>
                      <td>{jstText(new Date(state.openedAt * 1000))}</td>
                      <td>
                        <SuppressionBadge state={state} />
                        {digest ? (
                          <span class="tag tag-digest">in digest until {jstText(digest.windowEnd)}</span>
                        ) : null}
                      </td>
                      <td>{link ? <a href={link}>Mackerel</a> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
              {section.more > 0 ? (
                <tfoot>
                  <tr>
                    <td colspan={6}>
                      <a
                        href={withQuery('/alerts', {
                          org: group.org,
                          severity: section.severity,
                          status: 'open',
                        })}
                      >
                        {section.more} more {section.severity}
                      </a>
                    </td>
                  </tr>
                </tfoot>
              ) : null}
            </table>
          ))}
        </section>
      ))}
    </div>
  );
}

export function NowPage(props: {
  ctx: PageContext;
  view: NowView;
  filters: NowFilters;
  orgs: readonly string[];
}) {
  return (
    <Layout ctx={props.ctx} title="Now" active="/now">
      <form class="filters" method="get" action="/now">
        <OrgFilter orgs={props.orgs} selected={props.filters.org} />
        <SelectFilter
          name="severity"
          label="Severity"
          options={SEVERITIES}
          selected={props.filters.severity}
        />
        <button type="submit">Filter</button>
      </form>
      <NowAlerts ctx={props.ctx} view={props.view} filters={props.filters} />
    </Layout>
  );
}

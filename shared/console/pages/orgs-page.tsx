import { epochText, jstText } from '../../kernel/time/jst-format';
import { ageInDays, type ChannelHealth, type OrgOverview } from '../views/org-overview';
import { Layout } from './layout';
import type { PageContext } from './page-context';

export function ChannelCell(props: { health: ChannelHealth }) {
  const { health } = props;
  if (health.state === 'unknown') return <td class="muted">not audited yet</td>;
  if (health.state === 'ok') return <td>ok (audited {epochText(health.checkedAt)})</td>;
  return (
    <td class="problem">
      {health.problem} since {epochText(health.since)}
    </td>
  );
}

/** Every org: contract, channel health, last event, webhook tokens (count and age, never a token). */
export function OrgsPage(props: { ctx: PageContext; rows: readonly OrgOverview[] }) {
  const { now } = props.ctx;
  return (
    <Layout ctx={props.ctx} title="Orgs" active="/orgs">
      <table class="orgs" data-testid="orgs">
        <thead>
          <tr>
            <th>Org</th>
            <th>Enabled</th>
            <th>Host quota (warn / max)</th>
            <th>Billable</th>
            <th>Webhook channel</th>
            <th>Last event (JST)</th>
            <th>Webhook tokens</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr data-org={row.org.name}>
              <td>
                <a href={`/orgs/${row.org.name}`}>{row.org.displayName}</a>{' '}
                <span class="muted">{row.org.name}</span>
              </td>
              <td>{row.org.enabled ? 'yes' : 'no'}</td>
              <td>{row.org.hostQuota ? `${row.org.hostQuota.warn} / ${row.org.hostQuota.max}` : '-'}</td>
              <td>{row.billable ?? '-'}</td>
              <ChannelCell health={row.channel} />
              <td>{row.lastEventAt ? jstText(row.lastEventAt) : 'none stored'}</td>
              <td>
                {row.tokens.active} active
                {row.tokens.newestIssuedAt
                  ? `, newest issued ${ageInDays(row.tokens.newestIssuedAt, now)} day(s) ago`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

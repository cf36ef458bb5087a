import { jstText } from '../../kernel/time/jst-format';
import type { AlertHistory } from '../read/console-reads';
import { severityOf } from '../views/alert-severity';
import { SeverityBadge, SuppressionBadge } from './alert-badges';
import { Layout } from './layout';
import { mackerelHostUrl, safeHttpUrl } from './links';
import type { PageContext } from './page-context';

function Deliveries(props: { ids: readonly string[]; history: AlertHistory }) {
  if (props.ids.length === 0) return <span class="muted">no notification</span>;
  return (
    <ul class="deliveries">
      {props.ids.flatMap((id) => {
        const records = props.history.deliveries.get(id) ?? [];
        if (records.length === 0) {
          return [
            <li data-notification={id}>
              <code>{id}</code>: no delivery record (folded into a digest, or not delivered yet)
            </li>,
          ];
        }
        return records.map((record) => (
          <li data-notification={id} data-target={record.target} data-state={record.state}>
            <code>{id}</code> {record.kind} <strong>{record.state}</strong>{' '}
            {record.target === 'email'
              ? `to ${record.recipients ? [...record.recipients.to, ...record.recipients.cc].join(', ') : '(not recorded)'}`
              : `via ${record.target}`}{' '}
            at {jstText(record.updatedAt)}, attempt {record.attempts}
            {record.messageId ? <span class="muted"> id {record.messageId}</span> : null}
            {record.lastError ? (
              <span class="problem">
                {' '}
                last error {record.lastError.status ?? ''} {record.lastError.message}
              </span>
            ) : null}
          </li>
        ));
      })}
    </ul>
  );
}

/** One alert: what it is now, every event the router recorded, and what became of each notification. */
export function AlertHistoryPage(props: { ctx: PageContext; history: AlertHistory }) {
  const { state, events } = props.history;
  const link = safeHttpUrl(state.display?.alertUrl);
  return (
    <Layout ctx={props.ctx} title={`${state.monitorName} · ${state.target}`} active="/alerts">
      <table class="facts">
        <tbody>
          <tr>
            <th>Status</th>
            <td>
              <SeverityBadge severity={severityOf(state)} /> {state.isOpen ? 'open' : 'closed'}{' '}
              <SuppressionBadge state={state} />
            </td>
          </tr>
          <tr>
            <th>Org</th>
            <td>
              <a href={`/orgs/${state.org}`}>{state.org}</a>
            </td>
          </tr>
          <tr>
            <th>Host</th>
            <td>
              {state.hostId ? (
                <a href={mackerelHostUrl(props.ctx.mackerelBaseUrl, state.org, state.hostId)}>
                  {state.hostName ?? state.hostId}
                </a>
              ) : (
                '-'
              )}
            </td>
          </tr>
          <tr>
            <th>Message</th>
            <td>{state.display?.message ?? ''}</td>
          </tr>
          <tr>
            <th>Memo</th>
            <td>
              <pre>{state.display?.memo ?? ''}</pre>
            </td>
          </tr>
          <tr>
            <th>Opened</th>
            <td>{jstText(new Date(state.openedAt * 1000))}</td>
          </tr>
          <tr>
            <th>Mackerel</th>
            <td>{link ? <a href={link}>{link}</a> : '-'}</td>
          </tr>
        </tbody>
      </table>
      <h2>Events ({events.length})</h2>
      <table class="events" data-testid="events">
        <thead>
          <tr>
            <th>Received (JST)</th>
            <th>Status</th>
            <th>Transition</th>
            <th>Source</th>
            <th>Muted by</th>
            <th>Notifications and delivery</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr data-dedup={event.dedupKey}>
              <td>{jstText(event.receivedAt)}</td>
              <td>{event.status}</td>
              <td>{event.transition}</td>
              <td>{event.source}</td>
              <td>{event.suppressedBy ?? ''}</td>
              <td>
                <Deliveries ids={event.notificationIds} history={props.history} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

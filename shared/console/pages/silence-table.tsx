import { jstText } from '../../kernel/time/jst-format';
import { describeMatch } from '../../routing/describe-match';
import { silenceStatusOf } from '../../routing/silence-lifecycle';
import type { Silence } from '../../routing/silence-schema';
import { mayChangeSilences } from '../auth/console-role';
import { CSRF_FIELD } from '../auth/csrf-guard';
import type { PageContext } from './page-context';

/** Silences with their status; operators get an Expire button on those not ended. */
export function SilenceTable(props: { ctx: PageContext; silences: readonly Silence[] }) {
  const { ctx } = props;
  if (props.silences.length === 0) return <p class="empty">No silences.</p>;
  return (
    <table class="silences" data-testid="silences">
      <thead>
        <tr>
          <th>Id</th>
          <th>Org</th>
          <th>Status</th>
          <th>Matchers</th>
          <th>From (JST)</th>
          <th>Until (JST)</th>
          <th>By</th>
          <th>Reason</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.silences.map((silence) => {
          const status = silenceStatusOf(silence, ctx.now);
          return (
            <tr data-silence={silence.id} data-status={status}>
              <td>{silence.id}</td>
              <td>{silence.org}</td>
              <td>{status}</td>
              <td>
                <code>{describeMatch(silence.matchers)}</code>
              </td>
              <td>{jstText(silence.startsAt)}</td>
              <td>{jstText(silence.endsAt)}</td>
              <td>{silence.createdBy}</td>
              <td>{silence.comment}</td>
              <td>
                {status !== 'ended' && mayChangeSilences(ctx.role) ? (
                  <form method="post" action={`/silences/${silence.id}/expire`}>
                    <input type="hidden" name={CSRF_FIELD} value={ctx.csrfToken} />
                    <button type="submit">Expire</button>
                  </form>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

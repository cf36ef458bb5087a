import type { OpenAlertEntry } from '../../alerting/router/open-alert-entry';
import { describeSuppression } from '../../alerting/router/suppression';
import { jstText } from '../../kernel/time/jst-format';
import type { Severity } from '../views/alert-severity';

export const SeverityBadge = (props: { severity: Severity | null }) => (
  <span class={`sev sev-${props.severity ?? 'ok'}`}>{props.severity ?? 'closed'}</span>
);

/** Silenced, in-maintenance and inhibited alerts are marked, with why and until when. */
export function SuppressionBadge(props: { state: Pick<OpenAlertEntry, 'suppression' | 'isOpen'> }) {
  const s = props.state.suppression;
  if (s === null || !props.state.isOpen) return null;
  switch (s.kind) {
    case 'maintenance':
      return (
        <span class="tag tag-maint" title={`host ${s.hostName} is in maintenance (${s.source})`}>
          maintenance
        </span>
      );
    case 'silence':
      return (
        <span class="tag tag-silenced" title={`${s.comment} (by ${s.createdBy})`}>
          silenced until {jstText(s.endsAt)} ({s.silenceId})
        </span>
      );
    case 'inhibition':
      // Until the source alert closes: the repeat sweep then mails this one.
      return (
        <span class="tag tag-inhibited" title={describeSuppression(s)}>
          inhibited by {s.sourceMonitorName || s.sourceAlertId} ({s.ruleName})
        </span>
      );
  }
}

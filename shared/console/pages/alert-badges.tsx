import type { OpenAlertEntry } from '../../alerting/router/open-alert-entry';
import { jstText } from '../../kernel/time/jst-format';
import type { Severity } from '../views/alert-severity';

export const SeverityBadge = (props: { severity: Severity | null }) => (
  <span class={`sev sev-${props.severity ?? 'ok'}`}>{props.severity ?? 'closed'}</span>
);

/** Silenced and in-maintenance alerts are marked, with why and until when. */
export function SuppressionBadge(props: { state: Pick<OpenAlertEntry, 'suppression' | 'isOpen'> }) {
  const s = props.state.suppression;
  if (s === null || !props.state.isOpen) return null;
  return s.kind === 'maintenance' ? (
    <span class="tag tag-maint" title={`host ${s.hostName} is in maintenance (${s.source})`}>
      maintenance
    </span>
  ) : (
    <span class="tag tag-silenced" title={`${s.comment} (by ${s.createdBy})`}>
      silenced until {jstText(s.endsAt)} ({s.silenceId})
    </span>
  );
}

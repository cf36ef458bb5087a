import { alignColumns, displayWidth, padToWidth, truncateToWidth } from '../../kernel/text/text-width';
import { formatJstRange, isoToEpochSeconds, jstDateTime } from '../../kernel/time/jst-format';
import type { AlertNotification } from '../message/notification-message';
import {
  alertFields,
  alertLine,
  alertText,
  digestOrgRows,
  digestRowStatus,
  type Field,
  headline,
  oneLine,
  theAlert,
} from './alert-view';
import type { Labels } from './labels';

/** Cell limits keep a digest row on one line of a typical mail window. */
const TARGET_COLUMNS = 24;
const MESSAGE_COLUMNS = 48;

/** `Label:  value`, labels padded to one width, continuation lines indented under the value. */
function fieldLines(fields: readonly Field[]): string[] {
  const width = Math.max(...fields.map((f) => displayWidth(f.label))) + 3;
  return fields.flatMap(({ label, text }) => {
    const [first = '', ...rest] = text.split(/\r?\n/);
    return [padToWidth(`${label}:`, width) + first, ...rest.map((line) => ' '.repeat(width) + line)];
  });
}

function runbookLines(memo: string, labels: Labels): string[] {
  const lines = memo.trim() === '' ? [labels.noRunbook] : memo.trimEnd().split(/\r?\n/);
  return [labels.runbook, ...lines.map((line) => `  ${line}`.trimEnd())];
}

function alertBody(n: AlertNotification, labels: Labels): string[] {
  const alert = theAlert(n);
  return [
    alertLine(alert),
    '',
    ...fieldLines(alertFields(n, alert, labels)),
    '',
    ...runbookLines(alert.memo, labels),
  ];
}

/**
 * A digest is a summary: one row per alert and its links. Runbooks stay on each alert's page; twenty
 * memos in one mail would bury the table.
 */
function digestBody(n: AlertNotification, labels: Labels): string[] {
  const lines: string[] = [];
  if (n.window !== undefined) {
    const range = formatJstRange(isoToEpochSeconds(n.window.from), isoToEpochSeconds(n.window.to));
    lines.push(...fieldLines([{ label: labels.field.window, text: range }]));
  }
  if (n.suppressedCount) lines.push(`(${labels.notListed(n.suppressedCount)})`);
  const t = labels.table;
  const orgRows = digestOrgRows(n);
  if (orgRows.length > 0) lines.push('', alignColumns([t.org, t.alerts, t.worst], orgRows, { rule: true }));
  const rows = n.alerts.map((a, i) => [
    String(i + 1),
    digestRowStatus(a, labels),
    a.org,
    truncateToWidth(oneLine(a.target), TARGET_COLUMNS),
    truncateToWidth(alertText(a), MESSAGE_COLUMNS),
    jstDateTime(a.openedAt),
  ]);
  lines.push(
    '',
    alignColumns(['#', t.status, t.org, t.target, t.message, t.opened], rows, { rule: true }),
    '',
    labels.links,
  );
  n.alerts.forEach((a, i) => {
    lines.push(`${i + 1}. ${a.alertUrl}`);
    if (a.imageUrl !== undefined) lines.push(`   ${t.graph}: ${a.imageUrl}`);
  });
  return lines;
}

export function textBody(n: AlertNotification, labels: Labels): string {
  const body = n.kind === 'digest' ? digestBody(n, labels) : alertBody(n, labels);
  // "-- " (with the space) is the signature separator mail clients recognise.
  return [headline(n, labels), ...body, '', '-- ', labels.footer(n.routeId, n.id), ''].join('\n');
}

import { formatJstRange, isoToEpochSeconds, jstDateTime } from '../../kernel/time/jst-format';
import type { AlertStatus } from '../../mackerel/alert-status';
import type { AlertNotification } from '../message/notification-message';
import {
  alertFields,
  alertLine,
  alertText,
  digestOrgRows,
  digestRowStatus,
  headline,
  notificationWorst,
  oneLine,
  statusLabel,
  theAlert,
} from './alert-view';
import { escapeHtml, linkHtml } from './html-escape';
import type { Labels } from './labels';

/** Inline styles only: mail clients drop <style> blocks and external sheets. */
const COLOR: Record<AlertStatus, string> = {
  critical: '#c62828',
  warning: '#ef6c00',
  unknown: '#616161',
  ok: '#2e7d32',
};
const CELL = 'padding:4px 8px;border-bottom:1px solid #e0e0e0;text-align:left;vertical-align:top';
const HEAD = `${CELL};color:#555;white-space:nowrap`;
const PRE = 'white-space:pre-wrap;font-family:monospace;background:#f6f6f6;padding:8px;margin:0';

const statusHtml = (status: AlertStatus, text = statusLabel(status)): string =>
  `<b style="color:${COLOR[status]}">${escapeHtml(text)}</b>`;

/** A plain table of text cells, a header row first. */
const tableHtml = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  `<table style="border-collapse:collapse;margin-bottom:12px"><tr>${header
    .map((h) => `<th style="${HEAD}">${escapeHtml(h)}</th>`)
    .join('')}</tr>${rows
    .map((r) => `<tr>${r.map((c) => `<td style="${CELL}">${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</table>`;

function alertHtml(n: AlertNotification, labels: Labels): string {
  const alert = theAlert(n);
  const rows = alertFields(n, alert, labels).map(
    (f) =>
      `<tr><th style="${HEAD}">${escapeHtml(f.label)}</th>` +
      `<td style="${CELL};white-space:pre-wrap">${f.link ? linkHtml(f.text) : escapeHtml(f.text)}</td></tr>`,
  );
  const memo = alert.memo.trim();
  return [
    `<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(alertLine(alert))}</h1>`,
    `<table role="presentation" style="border-collapse:collapse">${rows.join('')}</table>`,
    `<h2 style="font-size:15px;margin:16px 0 8px">${escapeHtml(labels.runbook)}</h2>`,
    memo === ''
      ? `<p style="color:#777">${escapeHtml(labels.noRunbook)}</p>`
      : `<pre style="${PRE}">${escapeHtml(memo)}</pre>`,
  ].join('\n');
}

function digestHtml(n: AlertNotification, labels: Labels): string {
  const t = labels.table;
  const parts: string[] = [];
  if (n.window !== undefined) {
    const range = formatJstRange(isoToEpochSeconds(n.window.from), isoToEpochSeconds(n.window.to));
    parts.push(`<p>${escapeHtml(labels.field.window)}: ${escapeHtml(range)}</p>`);
  }
  if (n.suppressedCount) parts.push(`<p>(${escapeHtml(labels.notListed(n.suppressedCount))})</p>`);
  const orgRows = digestOrgRows(n);
  if (orgRows.length > 0) parts.push(tableHtml([t.org, t.alerts, t.worst], orgRows));
  const header = ['#', t.status, t.org, t.target, t.message, t.opened, t.graph]
    .map((h) => `<th style="${HEAD}">${escapeHtml(h)}</th>`)
    .join('');
  const rows = n.alerts.map((a, i) => {
    const cells = [
      String(i + 1),
      statusHtml(a.status, digestRowStatus(a, labels)),
      escapeHtml(a.org),
      linkHtml(a.alertUrl, oneLine(a.target)),
      escapeHtml(alertText(a)),
      escapeHtml(jstDateTime(a.openedAt)),
      a.imageUrl === undefined ? '' : linkHtml(a.imageUrl, t.graph),
    ];
    return `<tr>${cells.map((c) => `<td style="${CELL}">${c}</td>`).join('')}</tr>`;
  });
  parts.push(`<table style="border-collapse:collapse"><tr>${header}</tr>${rows.join('')}</table>`);
  return parts.join('\n');
}

export function htmlBody(n: AlertNotification, labels: Labels, subject: string): string {
  const status = notificationWorst(n);
  return `<!doctype html>
<html lang="${n.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;font-family:sans-serif;font-size:14px;color:#222">
<p style="margin:0 0 4px;font-weight:bold;color:${COLOR[status]}">${escapeHtml(headline(n, labels))}</p>
${n.kind === 'digest' ? digestHtml(n, labels) : alertHtml(n, labels)}
<p style="margin-top:24px;color:#888;font-size:12px">${escapeHtml(labels.footer(n.routeId, n.id))}</p>
</body></html>
`;
}

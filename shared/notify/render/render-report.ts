import { alignColumns, displayWidth, padToWidth } from '../../kernel/text/text-width';
import type { Language } from '../message/notification-message';
import type { ReportContent, ReportSeverity } from '../message/report-content';
import { escapeHtml, linkHtml } from './html-escape';

const COLOR: Record<ReportSeverity, string> = { critical: '#c62828', warning: '#ef6c00', info: '#1565c0' };
const CELL = 'padding:4px 8px;border-bottom:1px solid #e0e0e0;text-align:left;vertical-align:top';
const HEAD = `${CELL};color:#555;white-space:nowrap`;

/** Table cells are one line in text mail; line breaks inside a cell would break the columns. */
const oneLine = (text: string): string => text.replace(/\s*\r?\n\s*/g, ' / ');

function textReport(r: ReportContent, footer: string): string {
  const lines: string[] = [r.lead.trimEnd()];
  if (r.facts.length > 0) {
    const width = Math.max(...r.facts.map((f) => displayWidth(f.label))) + 3;
    lines.push('', ...r.facts.map((f) => padToWidth(`${f.label}:`, width) + oneLine(f.value)));
  }
  for (const t of r.tables) {
    lines.push(
      '',
      t.caption,
      alignColumns(
        t.columns,
        t.rows.map((row) => row.map(oneLine)),
        { rule: true },
      ),
    );
  }
  if (r.links.length > 0) lines.push('', ...r.links.map((l) => `${l.label}: ${l.url}`));
  for (const note of r.notes) lines.push('', note);
  return [...lines, '', '-- ', footer, ''].join('\n');
}

function htmlReport(r: ReportContent, language: Language, footer: string): string {
  const facts = r.facts.map(
    (f) =>
      `<tr><th style="${HEAD}">${escapeHtml(f.label)}</th><td style="${CELL}">${escapeHtml(f.value)}</td></tr>`,
  );
  const tables = r.tables.map((t) => {
    const head = t.columns.map((c) => `<th style="${HEAD}">${escapeHtml(c)}</th>`).join('');
    const rows = t.rows.map(
      (row) => `<tr>${row.map((c) => `<td style="${CELL}">${escapeHtml(c)}</td>`).join('')}</tr>`,
    );
    return `<h2 style="font-size:15px;margin:16px 0 8px">${escapeHtml(t.caption)}</h2>\n<table style="border-collapse:collapse"><tr>${head}</tr>${rows.join('')}</table>`;
  });
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(r.subject)}</title></head>
<body style="margin:0;padding:16px;font-family:sans-serif;font-size:14px;color:#222">
<p style="margin:0 0 12px;font-weight:bold;color:${COLOR[r.severity]};white-space:pre-wrap">${escapeHtml(r.lead)}</p>
${facts.length > 0 ? `<table role="presentation" style="border-collapse:collapse">${facts.join('')}</table>` : ''}
${tables.join('\n')}
${r.links.map((l) => `<p>${linkHtml(l.url, l.label)}</p>`).join('\n')}
${r.notes.map((n) => `<p style="white-space:pre-wrap">${escapeHtml(n)}</p>`).join('\n')}
<p style="margin-top:24px;color:#888;font-size:12px">${escapeHtml(footer)}</p>
</body></html>
`;
}

/** Pure: a report's words are its producer's; this only lays them out as text and HTML. */
export function renderReport(
  r: ReportContent,
  language: Language,
  footer: string,
): { subject: string; text: string; html: string } {
  return { subject: r.subject, text: textReport(r, footer), html: htmlReport(r, language, footer) };
}

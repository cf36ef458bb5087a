import { escapeHtml, linkHtml } from '../../shared/notify/render/html-escape';
import { asRecord, asRecords, asString, asText } from './json-fields';
import type { PagerDutyIncident } from './pagerduty-incidents';
import { maskRoutingKey } from './secret-masking';

/** Only these reach a class attribute. */
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

const badge = (kind: string, value: string | undefined, allowed: ReadonlySet<string>): string =>
  value === undefined
    ? ''
    : `<span class="badge ${kind}-${allowed.has(value) ? value : 'other'}">${escapeHtml(value)}</span>`;

/** A PagerDuty event as a sender would want to check it: action, severity, summary, where from, links. */
export function pagerdutyEventHtml(body: unknown): string {
  const event = asRecord(body);
  if (event === undefined) return '';
  const payload = asRecord(event.payload);
  const routingKey = asString(event.routing_key);
  const facts: Array<[string, string | undefined]> = [
    ['source', asText(payload?.source)],
    ['component', asText(payload?.component)],
    ['group', asText(payload?.group)],
    ['class', asText(payload?.class)],
    ['timestamp', asText(payload?.timestamp)],
    ['dedup_key', asText(event.dedup_key)],
    ['routing_key', routingKey === undefined ? undefined : maskRoutingKey(routingKey)],
    ['client', asText(event.client)],
  ];
  const clientUrl = asString(event.client_url);
  const links = [
    ...asRecords(event.links).map((l) =>
      linkHtml(asString(l.href) ?? '', asString(l.text) ?? asString(l.href)),
    ),
    ...asRecords(event.images).map((i) =>
      linkHtml(asString(i.href) ?? asString(i.src) ?? '', `[image: ${asString(i.alt) ?? 'image'}]`),
    ),
    ...(clientUrl === undefined ? [] : [linkHtml(clientUrl, asString(event.client) ?? clientUrl)]),
  ];
  const details = payload?.custom_details;
  return `<div class="pd">
<div class="pd-head">${badge('action', asString(event.event_action), ACTIONS)}${badge('sev', asString(payload?.severity), SEVERITIES)}
<span class="pd-summary">${escapeHtml(asText(payload?.summary) ?? '')}</span></div>
<table class="facts">${facts
    .filter((fact): fact is [string, string] => fact[1] !== undefined)
    .map(([name, value]) => `<tr><th>${name}</th><td>${escapeHtml(value)}</td></tr>`)
    .join(
      '',
    )}</table>${links.length > 0 ? `<div class="actions">${links.map((l) => `<span class="btn">${l}</span>`).join('')}</div>` : ''}${
    details === undefined ? '' : `<pre>${escapeHtml(JSON.stringify(details, null, 2))}</pre>`
  }</div>`;
}

const STATUSES = new Set(['triggered', 'acknowledged', 'resolved']);

/** `2025-04-01 09:12:00Z`: to the second, the whole ISO time on hover. */
const timeHtml = (iso: string): string =>
  `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time>`;

/** The incident table, open incidents first, then newest first; routing keys masked. */
export function incidentTableHtml(incidents: readonly PagerDutyIncident[]): string {
  if (incidents.length === 0) return '<p class="empty">No incidents.</p>';
  const ordered = incidents
    .map((incident, i) => ({ incident, i }))
    .sort(
      (a, b) =>
        Number(a.incident.status === 'resolved') - Number(b.incident.status === 'resolved') || b.i - a.i,
    )
    .map(({ incident }) => incident);
  const rows = ordered.map(
    (
      i,
    ) => `<tr><td>${badge('status', i.status, STATUSES)}</td><td>${badge('sev', i.severity, SEVERITIES)}</td>
<td class="summary">${escapeHtml(i.summary)}<div class="subtle">${escapeHtml(i.source)}</div></td><td class="num">${i.triggerCount}</td>
<td><code>${escapeHtml(i.dedupKey)}</code></td><td><code>${escapeHtml(maskRoutingKey(i.routingKey))}</code></td>
<td class="nowrap">${timeHtml(i.openedAt)}</td><td class="nowrap">${timeHtml(i.resolvedAt ?? i.updatedAt)}</td></tr>`,
  );
  return `<div class="scroll"><table class="incidents"><thead><tr><th>status</th><th>severity</th><th>summary / source</th><th>triggers</th>
<th>dedup key</th><th>routing key</th><th>opened</th><th>resolved / updated</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

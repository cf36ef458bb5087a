import { escapeHtml } from '../../shared/notify/render/html-escape';
import { CHAT_SERVICE_LABELS, CHAT_SERVICES, type ChatService } from './chat-service';
import { CHAT_VIEWER_CSS } from './chat-viewer-style';
import { incidentTableHtml, pagerdutyEventHtml } from './pagerduty-event-view';
import type { PagerDutyIncident } from './pagerduty-incidents';
import type { RecordedChatMessage } from './recorded-chat-message';
import { maskPath, withRoutingKeyMasked } from './secret-masking';
import { slackMessageHtml } from './slack-message-view';
import { teamsMessageHtml } from './teams-card-view';

export interface ChatViewerModel {
  /** Oldest first, as recorded. */
  messages: readonly RecordedChatMessage[];
  incidents: readonly PagerDutyIncident[];
  /** Show this service's requests only. */
  service?: ChatService;
}

const renderers: Record<ChatService, (body: unknown) => string> = {
  slack: slackMessageHtml,
  teams: teamsMessageHtml,
  pagerduty: pagerdutyEventHtml,
};

function messageHtml(message: RecordedChatMessage): string {
  const ok = message.status >= 200 && message.status < 300;
  const shown = message.service === 'pagerduty' ? withRoutingKeyMasked(message.body) : message.body;
  const raw = typeof shown === 'string' ? shown : JSON.stringify(shown, null, 2);
  return `<article class="msg${ok ? '' : ' refused'}">
<header><span class="svc svc-${message.service}">${CHAT_SERVICE_LABELS[message.service]}</span>
<span class="status ${ok ? 'ok' : 'bad'}">${message.status}</span>${message.injected ? '<span class="injected">injected fault</span>' : ''}
<span class="path"><code>${escapeHtml(maskPath(message.path))}</code></span><time>${escapeHtml(message.receivedAt)}</time></header>
${ok || message.answer === '' ? '' : `<div class="answer">answered: ${escapeHtml(message.answer)}</div>`}
${renderers[message.service](message.body)}
<details class="raw"><summary>request body</summary><pre>${escapeHtml(raw ?? 'null')}</pre></details>
</article>`;
}

function navHtml(model: ChatViewerModel): string {
  const link = (href: string, label: string, current: boolean) =>
    `<a href="${href}" target="_self"${current ? ' class="current"' : ''}>${label}</a>`;
  const counts = (service: ChatService) => model.messages.filter((m) => m.service === service).length;
  return `<nav>${link('/', `All (${model.messages.length})`, model.service === undefined)}${CHAT_SERVICES.map(
    (s) => link(`/?service=${s}`, `${CHAT_SERVICE_LABELS[s]} (${counts(s)})`, model.service === s),
  ).join(
    '',
  )}${link(model.service === undefined ? '/' : `/?service=${model.service}`, 'Refresh', false)}</nav>`;
}

/**
 * The chat stand-in's viewer: PagerDuty's incident table, then every request newest first, each shown
 * roughly as its service would, with its answer. Secrets masked, everything escaped, nothing loaded;
 * links open in a new tab (`<base target>`), which also keeps them out of the mail viewer's frame.
 */
export function renderChatViewerPage(model: ChatViewerModel): string {
  const shown = model.messages.filter((m) => model.service === undefined || m.service === model.service);
  const items =
    shown.length === 0
      ? '<p class="empty">Nothing received yet.</p>'
      : [...shown].reverse().map(messageHtml).join('\n');
  const incidents =
    model.service === undefined || model.service === 'pagerduty'
      ? `<h2>PagerDuty incidents (${model.incidents.length})</h2>${incidentTableHtml(model.incidents)}`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><base target="_blank">
<title>Local chat &amp; paging (${model.messages.length})</title><style>${CHAT_VIEWER_CSS}</style></head>
<body><h1>Local chat &amp; paging: Slack, Teams, PagerDuty</h1>
${navHtml(model)}
${incidents}
<h2>Requests, newest first (${shown.length})</h2>
${items}
</body></html>`;
}

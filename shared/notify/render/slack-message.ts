import { formatJst, formatJstRange, isoToEpochSeconds, jstDateTime } from '../../kernel/time/jst-format';
import {
  type AlertNotification,
  type AlertSummary,
  isAlertNotification,
  type NotificationMessage,
} from '../message/notification-message';
import {
  alertLine,
  digestOrgRows,
  digestRowStatus,
  digestTotal,
  headline,
  monitorLabel,
  notificationWorst,
  oneLine,
  orgLabel,
  statusWithPrevious,
  theAlert,
} from './alert-view';
import { type ChatLinks, consoleOrgUrl, severityColour, webUrl } from './chat-links';
import { LABELS, type Labels } from './labels';
import { alertSubjectLine } from './subject-line';

/**
 * One notification as a Slack incoming webhook posts it. Block Kit has no colour, so the blocks sit in one
 * legacy attachment that carries the severity colour; the top-level text is the mail's subject, what
 * Slack shows in notifications and where blocks cannot be shown.
 */

/** Slack's limits (https://docs.slack.dev/reference/block-kit/blocks): exceeding any fails the whole post. */
export const MAX_SLACK_BLOCKS = 50;
export const MAX_SLACK_SECTION_TEXT = 3000;
export const MAX_SLACK_FIELD_TEXT = 2000;
export const MAX_SLACK_FIELDS = 10;
export const MAX_SLACK_HEADER_TEXT = 150;
export const MAX_SLACK_TEXT = 3000;
export const MAX_SLACK_BUTTON_TEXT = 75;
export const MAX_SLACK_CONTEXT_ELEMENTS = 10;

/** A digest row stays one line in a chat window; the alert's page has the rest. */
const MAX_DIGEST_ROW_TEXT = 300;

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export interface SlackButton {
  type: 'button';
  action_id: string;
  text: SlackText & { type: 'plain_text' };
  url: string;
}

export type SlackBlock =
  | { type: 'header'; text: SlackText & { type: 'plain_text' } }
  | { type: 'section'; text: SlackText; fields?: undefined }
  | { type: 'section'; fields: SlackText[]; text?: undefined }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; elements: SlackButton[] };

export interface SlackAttachment {
  color: string;
  blocks: SlackBlock[];
}

export interface SlackWebhookMessage {
  text: string;
  attachments: [SlackAttachment];
  unfurl_links: false;
  unfurl_media: false;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Slack's three control characters as entities (https://docs.slack.dev/messaging/formatting-message-text):
 * text from monitors cannot mention (`<!channel>`), link or break the markup. Slack decodes them in every
 * text object, plain_text included.
 */
export const escapeSlack = (text: string): string => text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);

/** `raw` escaped and cut to `max` (counted after escaping), never inside an entity or a surrogate pair. */
function slackText(raw: string, max: number): string {
  const whole = escapeSlack(raw);
  if (whole.length <= max) return whole;
  let out = '';
  for (const ch of raw) {
    const piece = ENTITIES[ch] ?? ch;
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

const plain = (raw: string, max: number): SlackText & { type: 'plain_text' } => ({
  type: 'plain_text',
  text: slackText(raw, max),
  emoji: false,
});

const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text });

const header = (raw: string): SlackBlock => ({ type: 'header', text: plain(raw, MAX_SLACK_HEADER_TEXT) });

/** `*Label*\nvalue`, the value escaped and cut so the field stays within Slack's limit. */
function field(label: string, value: string): SlackText {
  const head = `*${escapeSlack(label)}*\n`;
  return mrkdwn(head + slackText(value, MAX_SLACK_FIELD_TEXT - head.length));
}

/** A link whose label is escaped; plain text when the URL is not one Slack can link. */
function link(url: string | undefined, label: string): string {
  const safe = webUrl(url);
  // `|` ends the URL of a link; percent-encoded it is the same URL.
  return safe === undefined ? label : `<${escapeSlack(safe.replace(/\|/g, '%7C'))}|${label}>`;
}

function button(actionId: string, label: string, url: string | undefined): SlackButton[] {
  const safe = webUrl(url);
  return safe === undefined
    ? []
    : [{ type: 'button', action_id: actionId, text: plain(label, MAX_SLACK_BUTTON_TEXT), url: safe }];
}

function actions(buttons: SlackButton[]): SlackBlock[] {
  return buttons.length === 0 ? [] : [{ type: 'actions', elements: buttons }];
}

function alertBlocks(n: AlertNotification, links: ChatLinks, labels: Labels): SlackBlock[] {
  const alert = theAlert(n);
  const f = labels.field;
  const fields = [
    field(f.org, orgLabel(alert)),
    field(f.target, oneLine(alert.target)),
    field(f.monitor, monitorLabel(alert)),
    field(f.status, statusWithPrevious(alert, labels)),
  ];
  const message = alert.message.trim();
  if (message !== '') fields.push(field(f.message, message));
  const memo = alert.memo.trim();
  const runbookHead = `*${escapeSlack(labels.runbook)}*\n`;
  const runbook =
    memo === ''
      ? `${runbookHead}_${escapeSlack(labels.noRunbook)}_`
      : runbookHead + slackText(alert.memo.trimEnd(), MAX_SLACK_SECTION_TEXT - runbookHead.length);
  const times = [`${f.opened}: ${formatJst(alert.openedAt)}`];
  if (alert.closedAt !== undefined) {
    times.push(`${f.closed}: ${formatJst(alert.closedAt)}`);
    if (n.kind === 'recovery')
      times.push(`${f.duration}: ${labels.duration(alert.closedAt - alert.openedAt)}`);
  }
  return [
    header(`${headline(n, labels)} · ${alertLine(alert)}`),
    { type: 'section', fields: fields.slice(0, MAX_SLACK_FIELDS) },
    { type: 'section', text: mrkdwn(runbook) },
    { type: 'context', elements: times.map((t) => mrkdwn(escapeSlack(t))) },
    ...actions([
      ...button('open-alert', labels.chat.openAlert, alert.alertUrl),
      ...button('open-graph', labels.chat.openGraph, alert.imageUrl),
      ...button('open-console', labels.chat.openConsole, consoleOrgUrl(links, alert.org)),
    ]),
  ];
}

/** `*CRITICAL* <url|acme-prod / web01: CPU % 97.5 > 90> · 2026-01-01 09:00 JST` */
function digestRow(alert: AlertSummary, labels: Labels): SlackBlock {
  const text = slackText(alertLine(alert), MAX_DIGEST_ROW_TEXT);
  const rowOf = (linked: string) =>
    `*${escapeSlack(digestRowStatus(alert, labels))}* ${linked} · ${jstDateTime(alert.openedAt)} JST`;
  const row = rowOf(link(alert.alertUrl, text));
  // A URL long enough to overflow the section is left out rather than cut (a cut URL is a wrong one).
  return { type: 'section', text: mrkdwn(row.length <= MAX_SLACK_SECTION_TEXT ? row : rowOf(text)) };
}

/** `• ACME (prod) (acme-prod): 2 · CRITICAL` per org, as many as a section holds. */
function orgsSection(n: AlertNotification, labels: Labels): SlackBlock[] {
  const rows = digestOrgRows(n);
  if (rows.length === 0) return [];
  const lines: string[] = [];
  let length = 0;
  for (const [i, [org = '', alerts = '', worst = '']] of rows.entries()) {
    const line = `• ${slackText(org, 200)}: ${alerts} · ${worst}`;
    // Room is kept for the line counting the orgs left out.
    const rest = labels.moreOrgs(rows.length - i);
    if (length + line.length + 1 + rest.length + 1 > MAX_SLACK_SECTION_TEXT) {
      lines.push(escapeSlack(rest));
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return [{ type: 'section', text: mrkdwn(lines.join('\n')) }];
}

/**
 * A header, the orgs (when several), one row per listed alert as far as Slack's 50 blocks go, then one
 * line counting what is left out, unlisted alerts included, and where to read them.
 */
function digestBlocks(n: AlertNotification, links: ChatLinks, labels: Labels): SlackBlock[] {
  const range =
    n.window === undefined
      ? ''
      : ` (${formatJstRange(isoToEpochSeconds(n.window.from), isoToEpochSeconds(n.window.to))})`;
  const consoleUrl = consoleOrgUrl(links, n.org);
  const top = [header(`${headline(n, labels)}${range}`), ...orgsSection(n, labels)];
  const bottom = actions(button('open-console', labels.chat.openConsole, consoleUrl));
  const room = MAX_SLACK_BLOCKS - top.length - bottom.length;
  const unlisted = n.suppressedCount ?? 0;
  const fitsAll = n.alerts.length + (unlisted > 0 ? 1 : 0) <= room;
  const listed = fitsAll ? n.alerts : n.alerts.slice(0, room - 1);
  const more = digestTotal(n) - listed.length;
  const moreLine: SlackBlock[] =
    more === 0
      ? []
      : [
          {
            type: 'section',
            text: mrkdwn(
              `${escapeSlack(labels.chat.moreAlerts(more))} — ${
                consoleUrl === undefined
                  ? escapeSlack(labels.chat.seeMackerel)
                  : link(consoleUrl, escapeSlack(labels.chat.seeConsole))
              }`,
            ),
          },
        ];
  return [...top, ...listed.map((a) => digestRow(a, labels)), ...moreLine, ...bottom];
}

/** Throws for reports: they are mailed only (the notification schema refuses them any other target). */
export function slackMessageOf(n: NotificationMessage, links: ChatLinks): SlackWebhookMessage {
  if (!isAlertNotification(n)) throw new Error('reports are mailed only');
  const labels = LABELS[n.language];
  const blocks = n.kind === 'digest' ? digestBlocks(n, links, labels) : alertBlocks(n, links, labels);
  return {
    text: slackText(alertSubjectLine(n, labels), MAX_SLACK_TEXT),
    attachments: [{ color: severityColour(notificationWorst(n)), blocks }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

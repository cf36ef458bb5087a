import { formatJstRange, isoToEpochSeconds, jstDateTime } from '../../kernel/time/jst-format';
import type { AlertStatus } from '../../mackerel/alert-status';
import {
  type AlertNotification,
  type AlertSummary,
  isAlertNotification,
  type NotificationMessage,
} from '../message/notification-message';
import {
  alertFields,
  alertLine,
  digestOrgRows,
  digestRowStatus,
  digestTotal,
  headline,
  notificationWorst,
  theAlert,
} from './alert-view';
import { type ChatLinks, codePointPrefix, consoleOrgUrl, cutText, webUrl } from './chat-links';
import { LABELS, type Labels } from './labels';

/**
 * One notification as an Adaptive Card, in the envelope a Teams Workflows flow "When a Teams webhook
 * request is received" takes and posts to its channel.
 */

/** Teams refuses a message over about 28 KB: the whole request body, measured as UTF-8 JSON. */
export const MAX_TEAMS_BYTES = 28_000;

export interface TeamsOpenUrl {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type TeamsColour = 'Attention' | 'Warning' | 'Good' | 'Default';

export interface TeamsTextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Medium' | 'Large';
  weight?: 'Bolder';
  color?: TeamsColour;
  isSubtle?: true;
  spacing?: 'None' | 'Medium';
}

export interface TeamsFactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface TeamsContainer {
  type: 'Container';
  separator: true;
  items: TeamsTextBlock[];
  selectAction?: TeamsOpenUrl;
}

export type TeamsElement = TeamsTextBlock | TeamsFactSet | TeamsContainer;

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  msteams: { width: 'Full' };
  body: TeamsElement[];
  actions: TeamsOpenUrl[];
}

export interface TeamsWorkflowMessage {
  type: 'message';
  attachments: [
    { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard },
  ];
}

const COLOURS: Readonly<Record<AlertStatus, TeamsColour>> = {
  critical: 'Attention',
  warning: 'Warning',
  unknown: 'Default',
  ok: 'Good',
};

export const teamsColour = (status: AlertStatus): TeamsColour => COLOURS[status];

/** The size Teams measures: the request body as UTF-8. */
export const teamsBytes = (message: TeamsWorkflowMessage): number =>
  Buffer.byteLength(JSON.stringify(message), 'utf8');

/**
 * How long texts may be, tried in order until the card fits: a check plugin's message or a memo can be
 * long enough to fill a card on its own. The last keeps every text short enough to fit any card.
 */
interface Caps {
  /** A fact's value, the alert line. */
  text: number;
  memo: number;
  /** A digest row. */
  row: number;
  /** Orgs a cross-org digest lists. */
  orgs: number;
}

const CAPS: readonly Caps[] = [
  { text: 2000, memo: 8000, row: 300, orgs: 50 },
  { text: 500, memo: 2000, row: 150, orgs: 20 },
  { text: 100, memo: 300, row: 80, orgs: 10 },
];

const text = (value: string, extra: Omit<TeamsTextBlock, 'type' | 'text' | 'wrap'> = {}): TeamsTextBlock => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...extra,
});

function openUrl(title: string, url: string | undefined): TeamsOpenUrl[] {
  const safe = webUrl(url);
  return safe === undefined ? [] : [{ type: 'Action.OpenUrl', title, url: safe }];
}

function envelope(body: TeamsElement[], actions: TeamsOpenUrl[]): TeamsWorkflowMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          actions,
        },
      },
    ],
  };
}

const headlineBlock = (n: AlertNotification, labels: Labels): TeamsTextBlock =>
  text(headline(n, labels), { size: 'Large', weight: 'Bolder', color: teamsColour(notificationWorst(n)) });

function alertCard(n: AlertNotification, links: ChatLinks, labels: Labels, caps: Caps): TeamsWorkflowMessage {
  const alert = theAlert(n);
  // The links are the card's actions; the facts are what is read.
  const facts = alertFields(n, alert, labels)
    .filter((f) => !f.link)
    .map((f) => ({ title: f.label, value: cutText(f.text, caps.text) }));
  const memo = alert.memo.trim();
  return envelope(
    [
      headlineBlock(n, labels),
      text(cutText(alertLine(alert), caps.text), { weight: 'Bolder' }),
      { type: 'FactSet', facts },
      text(labels.runbook, { weight: 'Bolder', spacing: 'Medium' }),
      memo === ''
        ? text(labels.noRunbook, { isSubtle: true })
        : text(cutText(alert.memo.trimEnd(), caps.memo)),
    ],
    [
      ...openUrl(labels.chat.openAlert, alert.alertUrl),
      ...openUrl(labels.chat.openGraph, alert.imageUrl),
      ...openUrl(labels.chat.openConsole, consoleOrgUrl(links, alert.org)),
    ],
  );
}

/** `**CRITICAL** acme-prod / web01: CPU % 97.5 > 90`, its time below; the container opens the alert. */
function digestRow(alert: AlertSummary, line: string, labels: Labels, caps: Caps): TeamsContainer {
  const [action] = openUrl(labels.chat.openAlert, alert.alertUrl);
  return {
    type: 'Container',
    separator: true,
    items: [
      text(`**${digestRowStatus(alert, labels)}** ${cutText(line, caps.row)}`, {
        color: teamsColour(alert.status),
      }),
      text(`${jstDateTime(alert.openedAt)} JST`, { isSubtle: true, size: 'Small', spacing: 'None' }),
    ],
    ...(action === undefined ? {} : { selectAction: action }),
  };
}

function digestCard(
  n: AlertNotification,
  links: ChatLinks,
  labels: Labels,
  caps: Caps,
  rows: readonly TeamsContainer[],
): TeamsWorkflowMessage {
  const body: TeamsElement[] = [headlineBlock(n, labels)];
  if (n.window !== undefined) {
    const range = formatJstRange(isoToEpochSeconds(n.window.from), isoToEpochSeconds(n.window.to));
    body.push(text(`${labels.field.window}: ${range}`, { isSubtle: true, spacing: 'None' }));
  }
  const orgRows = digestOrgRows(n);
  if (orgRows.length > 0) {
    const facts = orgRows.slice(0, caps.orgs).map(([org = '', alerts = '', worst = '']) => ({
      title: cutText(org, caps.row),
      value: `${alerts} · ${worst}`,
    }));
    body.push({ type: 'FactSet', facts });
    if (orgRows.length > caps.orgs)
      body.push(text(labels.moreOrgs(orgRows.length - caps.orgs), { isSubtle: true }));
  }
  body.push(...rows);
  const consoleUrl = consoleOrgUrl(links, n.org);
  const more = digestTotal(n) - rows.length;
  if (more > 0) {
    const where = consoleUrl === undefined ? labels.chat.seeMackerel : labels.chat.seeConsole;
    body.push(text(`${labels.chat.moreAlerts(more)} — ${where}`, { weight: 'Bolder', spacing: 'Medium' }));
  }
  return envelope(body, openUrl(labels.chat.openConsole, consoleUrl));
}

/** Of a message, what a digest row is made from: several times the longest row. */
const ROW_SOURCE = 1000;

/** Less than the JSON of any digest row (a Container of two TextBlocks), text aside. */
const MIN_ROW_BYTES = 100;

const fits = (m: TeamsWorkflowMessage): boolean => teamsBytes(m) <= MAX_TEAMS_BYTES;

/**
 * A digest lists as many alerts as fit, from the first (the producer lists the worst first): for each
 * length of text, the most rows that fit (size grows with rows, so a binary search finds it). Rows beat
 * long texts: the shortest texts that list more rows win.
 */
function fittedDigest(n: AlertNotification, links: ChatLinks, labels: Labels): TeamsWorkflowMessage {
  // Every row's JSON is longer than MIN_ROW_BYTES, so no card holds more rows than this.
  const most = Math.min(n.alerts.length, Math.floor(MAX_TEAMS_BYTES / MIN_ROW_BYTES));
  const candidates = n.alerts.slice(0, most);
  // A row shows at most a few hundred characters of the message: collapsing the whitespace of a whole
  // check-plugin output, for hundreds of rows, would cost more than the rest of the card.
  const lines = candidates.map((a) => alertLine({ ...a, message: codePointPrefix(a.message, ROW_SOURCE) }));
  let best: { listed: number; card: TeamsWorkflowMessage } | undefined;
  for (const caps of CAPS) {
    const rows = candidates.map((a, i) => digestRow(a, lines[i] ?? '', labels, caps));
    const card = (listed: number) => digestCard(n, links, labels, caps, rows.slice(0, listed));
    if (most === n.alerts.length) {
      const all = card(most);
      if (fits(all)) return all;
    }
    let lo = 0; // fits, if anything does
    let hi = most === n.alerts.length ? most : most + 1; // does not fit
    if (!fits(card(lo))) continue;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fits(card(mid))) lo = mid;
      else hi = mid;
    }
    if (best === undefined || lo > best.listed) best = { listed: lo, card: card(lo) };
  }
  if (best === undefined) throw new Error(`digest ${n.id} does not fit a Teams card`);
  return best.card;
}

function fittedAlert(n: AlertNotification, links: ChatLinks, labels: Labels): TeamsWorkflowMessage {
  for (const caps of CAPS) {
    const card = alertCard(n, links, labels, caps);
    if (fits(card)) return card;
  }
  throw new Error(`notification ${n.id} does not fit a Teams card`);
}

/**
 * At most MAX_TEAMS_BYTES: long texts are cut and a digest's last rows dropped until it fits, the rows
 * left out counted with the unlisted ones. Throws for reports: they are mailed only.
 */
export function teamsMessageOf(n: NotificationMessage, links: ChatLinks): TeamsWorkflowMessage {
  if (!isAlertNotification(n)) throw new Error('reports are mailed only');
  const labels = LABELS[n.language];
  return n.kind === 'digest' ? fittedDigest(n, links, labels) : fittedAlert(n, links, labels);
}

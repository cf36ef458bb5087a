import { ALL_ORGS } from '../../kernel/org-name';
import type { AlertStatus } from '../../mackerel/alert-status';

/**
 * What the chat and paging renderers (slack-message.ts, teams-card.ts, pagerduty-events.ts) share: where
 * they link to and how they cut text to a service's limits. Pure, like the mail renderers.
 */
export interface ChatLinks {
  /** Base URL of the operator console (`https://console.example`); without it, messages link to Mackerel only. */
  consoleUrl?: string;
}

/** Links longer than this are left out: no service needs them and some reject them. */
export const MAX_LINK_LENGTH = 2048;

/** One colour per status, the same in every chat service that takes one. */
export const SEVERITY_COLOURS: Readonly<Record<AlertStatus, string>> = {
  critical: '#d62728',
  warning: '#ff9f0a',
  unknown: '#8e8e93',
  ok: '#2ca02c',
};

export const severityColour = (status: AlertStatus): string => SEVERITY_COLOURS[status];

/**
 * The URL as a service can take it (`new URL(...).href`: ASCII, spaces and controls percent-encoded) when
 * it is http(s) and at most MAX_LINK_LENGTH long; undefined for anything else (`javascript:`, a placeholder),
 * which is then shown as text or not linked at all.
 */
export function webUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.href.length <= MAX_LINK_LENGTH ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The console's base URL without trailing slashes, when it is an http(s) URL. */
function consoleBase(links: ChatLinks): string | undefined {
  const base = links.consoleUrl?.trim().replace(/\/+$/, '');
  return base !== undefined && webUrl(base) !== undefined ? base : undefined;
}

/** The console's page for one org's alerts, or its front page for a cross-org notification (`*`). */
export function consoleOrgUrl(links: ChatLinks, org: string): string | undefined {
  const base = consoleBase(links);
  if (base === undefined) return undefined;
  return webUrl(org === ALL_ORGS ? base : `${base}/orgs/${encodeURIComponent(org)}`);
}

/**
 * The longest start of `text` that is at most `max` UTF-16 code units long, never ending inside a
 * surrogate pair. Measuring code units is the stricter of the two counts services use (JavaScript length,
 * code points), so the result is within the limit either way.
 */
export function codePointPrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const ch of text) {
    if (end + ch.length > max) break;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** `text` when it is at most `max` code units long, else its start cut at a code point and ending in `…`. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return max < 1 ? '' : `${codePointPrefix(text, max - 1)}…`;
}

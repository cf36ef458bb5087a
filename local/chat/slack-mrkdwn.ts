import { escapeHtml, linkHtml } from '../../shared/notify/render/html-escape';
import { formatEscaped, mapMatches, run } from './inline-markup';

/**
 * Slack's mrkdwn, roughly as Slack shows it: ```blocks``` and `code`, <url|links>, <@user> / <#channel> /
 * <!here> mentions, *bold*, _italic_, ~strike~. Sender text arrives with &, < and > as entities (Slack's
 * escaping); they are decoded and everything is escaped again for HTML. Line breaks are left to CSS.
 */
const CODE_BLOCK = /```([\s\S]*?)```/g;
const INLINE_CODE = /`([^`\n]+)`/g;
const CONTROL = /<([^<>\n]+)>/g;
const FORMATS = [
  [run('*'), 'b'],
  [run('_'), 'i'],
  [run('~'), 's'],
] as const;

const decode = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function slackMrkdwnHtml(text: string): string {
  return mapMatches(
    text,
    CODE_BLOCK,
    (m) => `<pre>${escapeHtml(decode(m[1] ?? ''))}</pre>`,
    (outside) =>
      mapMatches(
        outside,
        INLINE_CODE,
        (m) => `<code>${escapeHtml(decode(m[1] ?? ''))}</code>`,
        (plain) => mapMatches(plain, CONTROL, (m) => controlHtml(m[1] ?? ''), formattedHtml),
      ),
  );
}

/** Plain text (`plain_text` objects): only Slack's entities decoded. */
export const slackPlainHtml = (text: string): string => escapeHtml(decode(text));

const formattedHtml = (text: string): string => formatEscaped(decode(text), FORMATS);

function controlHtml(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decode(inner.slice(bar + 1));
  const sigil = target[0];
  if (sigil === '@' || sigil === '#') {
    return `<span class="mention">${escapeHtml(sigil + (label ?? target.slice(1)))}</span>`;
  }
  if (sigil === '!') {
    // <!here>, <!channel>, <!subteam^ID|@team>, <!date^…|fallback>: the label when given.
    const name = label ?? `@${target.slice(1).split('^')[0] ?? ''}`;
    return `<span class="mention">${escapeHtml(name)}</span>`;
  }
  if (/^(https?|mailto):/i.test(target)) return linkHtml(decode(target), label ?? decode(target));
  // Not a control sequence Slack knows: shown as written.
  return formattedHtml(`<${inner}>`);
}

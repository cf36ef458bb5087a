import { escapeHtml } from '../../shared/notify/render/html-escape';

/**
 * Turns `text` into HTML: each match of `pattern` (global) through `onMatch`, the stretches between
 * through `onText`. Lets links be cut out before the rest is escaped and formatted.
 */
export function mapMatches(
  text: string,
  pattern: RegExp,
  onMatch: (match: RegExpMatchArray) => string,
  onText: (text: string) => string,
): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    html += onText(text.slice(last, at)) + onMatch(match);
    last = at + match[0].length;
  }
  return html + onText(text.slice(last));
}

/** Escapes `text`, then wraps what `rules` match in their tags (the markers go, the text stays). */
export function formatEscaped(text: string, rules: ReadonlyArray<readonly [RegExp, string]>): string {
  return rules.reduce(
    (html, [pattern, tag]) =>
      html.replace(pattern, (_, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`),
    escapeHtml(text),
  );
}

/** `*x*` style runs: a marker not inside a word on either side. */
export const run = (marker: string): RegExp => {
  const m = marker.replace(/[*_~`]/g, (c) => `\\${c}`);
  return new RegExp(`(^|[^\\w${m}])${m}([^${m}\\n]+?)${m}(?![\\w${m}])`, 'g');
};

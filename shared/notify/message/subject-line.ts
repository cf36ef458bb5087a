/** The report schema's limit; mail clients cut far sooner, so the end of a long subject is sacrificed. */
export const MAX_SUBJECT = 300;

/**
 * `[CRITICAL][REPEAT] <text>`: the tags, a space, the text on one line, cut at a character boundary (never
 * inside a surrogate pair) to `max` characters with `…`. Every mail's subject is built here.
 */
export function subjectLine(tags: readonly string[], text: string, max = MAX_SUBJECT): string {
  const chars = [...`${tags.map((tag) => `[${tag}]`).join('')} ${text}`];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

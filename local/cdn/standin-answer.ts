/** What a provider route answers; the server writes it as JSON. */
export interface StandinAnswer {
  status: number;
  body: unknown;
}

/** The three providers the stand-in plays, each with its own auth header and error body. */
export type StandinProvider = 'fastly' | 'cloudflare' | 'jstream';

/** The `from` and `to` query parameters, when both are written as `pattern` wants. */
export function rangeParams(
  params: URLSearchParams,
  pattern: RegExp,
): { from: string; to: string } | undefined {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return pattern.test(from) && pattern.test(to) ? { from, to } : undefined;
}

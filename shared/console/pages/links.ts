/** Only web links leave the console: a `javascript:` URL in a webhook body must not become a link. */
export function safeHttpUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export const mackerelHostUrl = (base: string, org: string, hostId: string): string =>
  `${base}/orgs/${encodeURIComponent(org)}/hosts/${encodeURIComponent(hostId)}`;

/** A console URL with its filters as the query string (empty values left out), for sharing. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

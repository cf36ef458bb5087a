/**
 * Last line of defence: code never logs a secret on purpose, but an error message can quote a URL or a
 * header. Webhook tokens live in the intake path and in basic-auth userinfo; API keys in X-Api-Key.
 */
const patterns: ReadonlyArray<[RegExp, string]> = [
  [/(\/hooks\/mackerel\/)[^/?#"\s\\]+/g, '$1[redacted]'],
  [/(\/\/[^/:@\s"]*:)[^@/\s"]+@/g, '$1[redacted]@'],
  // Quotes may be JSON-escaped (\") when an error message quotes a header object or `token="..."`.
  [
    /((?:x-api-key|authorization|api[_-]?key|token)(?:\\?")?\s*[:=]\s*(?:\\?")?)(?:Bearer\s+|Basic\s+)?[^"\s,}\\]+/gi,
    '$1[redacted]',
  ],
];

export function redactSecrets(text: string): string {
  return patterns.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}

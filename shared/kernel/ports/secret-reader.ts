/**
 * Reads a secret's current value by name (`mackerel-api-key-acme`, `cdn-fastly-token`): Secret Manager in
 * Google Cloud, a file or the environment locally. Implementations never put the value in an error.
 */
export interface SecretReader {
  read(name: string): Promise<string>;
}

/** The secret does not exist or has no enabled version: a configuration problem, not worth a retry. */
export class SecretNotFoundError extends Error {
  override name = 'SecretNotFoundError';
  constructor(readonly secretName: string) {
    super(`secret ${secretName} not found or has no enabled version`);
  }
}

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SecretNotFoundError, type SecretReader } from '../../kernel/ports/secret-reader';

/** Names the JSON file `{ "<secret-name>": "value" }` that local runs read secrets from. */
export const LOCAL_SECRETS_FILE_ENV = 'MSP_LOCAL_SECRETS_FILE';

const secretsFileSchema = z.record(z.string(), z.string());

/** `mackerel-api-key-acme` -> `SECRET_MACKEREL_API_KEY_ACME`. */
export function secretEnvName(name: string): string {
  return `SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Secrets for local runs and tests: an environment variable `SECRET_<NAME>` first (handy for one-off
 * overrides), then the file named by MSP_LOCAL_SECRETS_FILE, re-read on every call so edits apply at once.
 * Values are trimmed; a blank value counts as missing. Errors name the file, never its contents.
 */
export class LocalSecretReader implements SecretReader {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async read(name: string): Promise<string> {
    const fromEnv = this.env[secretEnvName(name)]?.trim();
    if (fromEnv) return fromEnv;
    const path = this.env[LOCAL_SECRETS_FILE_ENV];
    const fromFile = path ? (await readSecretsFile(path))[name]?.trim() : undefined;
    if (fromFile) return fromFile;
    throw new SecretNotFoundError(name);
  }
}

async function readSecretsFile(path: string): Promise<Record<string, string>> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the fault, which may be a secret.
    throw new Error(`secrets file ${path} is not valid JSON`);
  }
  const parsed = secretsFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`secrets file ${path} must be a JSON object of strings`);
  return parsed.data;
}

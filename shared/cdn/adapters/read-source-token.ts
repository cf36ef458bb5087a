import { SecretNotFoundError, type SecretReader } from '../../kernel/ports/secret-reader';
import { UsageSourceError } from '../sources/usage-source';

/**
 * A source's API token, read on every fetch so a rotated secret takes effect at the next run. Trimmed: a
 * secret saved from a file often ends in a newline, which no HTTP header may hold.
 */
export async function readSourceToken(secrets: SecretReader, secretName: string): Promise<string> {
  try {
    return (await secrets.read(secretName)).trim();
  } catch (error) {
    if (error instanceof SecretNotFoundError) {
      throw new UsageSourceError('auth', `token secret ${secretName} not found or has no enabled version`);
    }
    throw new UsageSourceError('unavailable', `token secret ${secretName} could not be read`, {
      retryable: true,
    });
  }
}

import type { SecretReader } from '../../kernel/ports/secret-reader';
import { SecretManagerSecretReader } from './secret-manager-secret-reader';
import { secretManagerClientOptions } from './secret-manager-secret-writer';

export interface SecretReaderSettings {
  projectId: string;
  /**
   * host:port of a local Secret Manager (local/secrets/, the local stack's); unset in Google Cloud, where
   * the client reaches Secret Manager with the function's service account.
   */
  localEndpoint?: string;
  cacheTtlMs?: number;
}

/** The same Secret Manager client in Google Cloud and locally; only the endpoint differs. */
export function secretReaderFor(settings: SecretReaderSettings): SecretReader {
  const clientOptions = secretManagerClientOptions(settings.localEndpoint);
  return new SecretManagerSecretReader({
    projectId: settings.projectId,
    ...(settings.cacheTtlMs !== undefined ? { cacheTtlMs: settings.cacheTtlMs } : {}),
    ...(clientOptions ? { clientOptions } : {}),
  });
}

/** The env every function that reads secrets has (see each function's config schema). */
export interface SecretReaderEnv {
  GOOGLE_CLOUD_PROJECT: string;
  SECRET_MANAGER_LOCAL_ENDPOINT?: string | undefined;
}

/** secretReaderFor from a function's parsed config. */
export const secretReaderFromEnv = (env: SecretReaderEnv, cacheTtlMs: number): SecretReader =>
  secretReaderFor({
    projectId: env.GOOGLE_CLOUD_PROJECT,
    ...(env.SECRET_MANAGER_LOCAL_ENDPOINT ? { localEndpoint: env.SECRET_MANAGER_LOCAL_ENDPOINT } : {}),
    cacheTtlMs,
  });

import { credentials } from '@grpc/grpc-js';
import type { SecretReader } from '../ports/secret-reader';
import { SecretManagerSecretReader } from './secret-manager-secret-reader';

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
  const local = settings.localEndpoint?.match(/^(.+):(\d+)$/);
  return new SecretManagerSecretReader({
    projectId: settings.projectId,
    ...(settings.cacheTtlMs !== undefined ? { cacheTtlMs: settings.cacheTtlMs } : {}),
    ...(local
      ? {
          clientOptions: {
            apiEndpoint: local[1],
            port: Number(local[2]),
            sslCreds: credentials.createInsecure(),
            universeDomain: 'googleapis.com',
          },
        }
      : {}),
  });
}

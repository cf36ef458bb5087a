import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { credentials } from '@grpc/grpc-js';
import { z } from 'zod';
import type { SecretManagerClientOptions } from './secret-manager-secret-reader';

/** Stores a new value of a secret by name; implementations never put the value in an error. */
export interface SecretWriter {
  /** Adds an enabled version (creating the secret first when it does not exist); resolves its number. */
  addSecretVersion(name: string, value: string): Promise<{ version: string }>;
  close(): Promise<void>;
}

export interface SecretManagerSecretWriterOptions {
  projectId: string;
  /** Handed to the client; locally secretManagerClientOptions(endpoint). */
  clientOptions?: SecretManagerClientOptions;
  /** Per call. Default 10 s. */
  timeoutMs?: number;
}

/** gRPC status codes (google-gax is the client's own dependency, so not imported here). */
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

const grpcCodeOf = (error: unknown): number | undefined =>
  z.object({ code: z.number() }).safeParse(error).data?.code;

/** Secret Manager's rule for secret ids; anything else could not name a secret and must not build a path. */
const secretIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'not a Secret Manager secret id');

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Client options for a local Secret Manager at `host:port` (local/secrets/), no TLS; undefined in Google
 * Cloud. The explicit universe domain keeps google-gax from probing for a metadata server.
 */
export function secretManagerClientOptions(localEndpoint: string | undefined): SecretManagerClientOptions {
  const local = localEndpoint?.match(/^(.+):(\d+)$/);
  if (!local) return undefined;
  return {
    apiEndpoint: local[1],
    port: Number(local[2]),
    sslCreds: credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  };
}

/**
 * Writes through the real client: AddSecretVersion, and on NOT_FOUND CreateSecret (automatic replication)
 * then AddSecretVersion again. Older versions stay enabled, as with `gcloud secrets versions add`: readers
 * take `latest`, and an operator can go back by disabling the new one.
 */
export class SecretManagerSecretWriter implements SecretWriter {
  private readonly client: SecretManagerServiceClient;

  constructor(private readonly options: SecretManagerSecretWriterOptions) {
    this.client = new SecretManagerServiceClient({ projectId: options.projectId, ...options.clientOptions });
  }

  async addSecretVersion(name: string, value: string): Promise<{ version: string }> {
    const secretId = secretIdSchema.parse(name);
    if (value.trim() === '') throw new Error(`refusing to store a blank value in secret ${secretId}`);
    const project = `projects/${this.options.projectId}`;
    try {
      return await this.add(`${project}/secrets/${secretId}`, value);
    } catch (error) {
      if (grpcCodeOf(error) !== NOT_FOUND) throw error;
    }
    try {
      await this.client.createSecret(
        { parent: project, secretId, secret: { replication: { automatic: {} } } },
        { timeout: this.timeoutMs },
      );
    } catch (error) {
      // Somebody created it between our two calls: the version goes into theirs.
      if (grpcCodeOf(error) !== ALREADY_EXISTS) throw error;
    }
    return this.add(`${project}/secrets/${secretId}`, value);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private async add(parent: string, value: string): Promise<{ version: string }> {
    const [version] = await this.client.addSecretVersion(
      { parent, payload: { data: Buffer.from(value, 'utf8') } },
      { timeout: this.timeoutMs },
    );
    return { version: version.name?.split('/').pop() ?? '' };
  }
}

import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { z } from 'zod';
import { SecretNotFoundError, type SecretReader } from '../../kernel/ports/secret-reader';

export type SecretManagerClientOptions = ConstructorParameters<typeof SecretManagerServiceClient>[0];

export interface SecretManagerSecretReaderOptions {
  projectId: string;
  /** Handed to the client; locally `{ apiEndpoint, port, sslCreds: credentials.createInsecure() }`. */
  clientOptions?: SecretManagerClientOptions;
  /** Per read; the client retries UNAVAILABLE within it (and may overrun it by one retry pause). Default 10 s. */
  timeoutMs?: number;
  /** Keep a value this long, so an audit of many orgs does not read one secret many times. 0 (default): off. */
  cacheTtlMs?: number;
  /** Milliseconds; injected for tests. */
  now?: () => number;
}

/** gRPC status codes (google-gax is the client's own dependency, so not imported here). */
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

const grpcErrorSchema = z.object({ code: z.number() });

/** Secret Manager's rule for secret ids; anything else could not name a secret and must not build a path. */
const secretNamePattern = /^[A-Za-z0-9_-]{1,255}$/;

const DEFAULT_TIMEOUT_MS = 10_000;

interface CacheEntry {
  expiresAt: number;
  value: Promise<string>;
}

/**
 * Reads `projects/<project>/secrets/<name>/versions/latest` through the real client. A missing secret or
 * a disabled latest version is a SecretNotFoundError; the value is trimmed (secrets pasted with a trailing
 * newline are common) and never appears in an error.
 */
export class SecretManagerSecretReader implements SecretReader {
  private readonly client: SecretManagerServiceClient;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly now: () => number;

  constructor(private readonly options: SecretManagerSecretReaderOptions) {
    this.client = new SecretManagerServiceClient({ projectId: options.projectId, ...options.clientOptions });
    this.now = options.now ?? Date.now;
  }

  read(name: string): Promise<string> {
    const ttl = this.options.cacheTtlMs ?? 0;
    if (ttl <= 0) return this.access(name);
    const cached = this.cache.get(name);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.value;
    // The promise is cached, so concurrent reads of one secret share a single call.
    const value = this.access(name);
    this.cache.set(name, { expiresAt: this.now() + ttl, value });
    value.catch(() => this.cache.delete(name));
    return value;
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async access(name: string): Promise<string> {
    if (!secretNamePattern.test(name)) throw new SecretNotFoundError(name);
    const versionName = `projects/${this.options.projectId}/secrets/${name}/versions/latest`;
    let data: Uint8Array | string | null | undefined;
    try {
      const [response] = await this.client.accessSecretVersion(
        { name: versionName },
        { timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
      );
      data = response.payload?.data;
    } catch (error) {
      const code = grpcErrorSchema.safeParse(error).data?.code;
      if (code === NOT_FOUND || code === FAILED_PRECONDITION) throw new SecretNotFoundError(name);
      throw error;
    }
    const value = (typeof data === 'string' ? data : Buffer.from(data ?? []).toString('utf8')).trim();
    // A blank value is as unusable as a missing one, and is a configuration problem of the same kind.
    if (value === '') throw new SecretNotFoundError(name);
    return value;
  }
}

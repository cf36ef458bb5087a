import type { ApiMonitor } from '../mackerel/api/monitor-schema';

/**
 * What one round learned about one org, in the audit's own terms: the adapter maps Mackerel API objects
 * onto these, so the domain logic does not depend on the API client's shapes.
 */

/** A host as `GET /api/v0/hosts` (every status) lists it. */
export interface AuditHost {
  id: string;
  name: string;
  status: string;
  /** Epoch seconds; undefined when Mackerel's answer did not say. */
  createdAt: number | undefined;
  isRetired: boolean;
  /** `service:role`, as routes and the router's host inventory write them. */
  roles: string[];
  agentVersion?: string;
  cloudProvider?: string;
  /** Every interface address, IPv4 and IPv6, as Mackerel reports them. */
  addresses: string[];
}

/** A notification channel as `GET /api/v0/channels` lists it. The URL holds our token: never stored or shown. */
export interface AuditChannel {
  id: string;
  name: string;
  type: string;
  url?: string;
  /** Absent when the API does not say (then subscription is not judged). */
  events?: string[];
  /** Epoch seconds; absent or null while the channel is active. */
  suspendedAt?: number | null;
}

/** A monitor as `GET /api/v0/monitors` lists it, compared with the org's templates as they stand. */
export type AuditMonitor = ApiMonitor;

/**
 * Why a round ended without facts. `no-key`: no API key stored for the org; `invalid-key`: 401;
 * `forbidden`: 403 (permission or the org's API IP restriction); `rate-limited`: 429 after retries;
 * `unavailable`: 5xx or network error; `timeout`; `bad-response`: a body that did not parse.
 */
export const AUDIT_ERROR_KINDS = [
  'no-key',
  'invalid-key',
  'forbidden',
  'rate-limited',
  'unavailable',
  'timeout',
  'bad-response',
] as const;
export type AuditErrorKind = (typeof AUDIT_ERROR_KINDS)[number];

/** The key itself is wrong: no retry will fix it, so these become findings at once. */
export const KEY_ERROR_KINDS = ['no-key', 'invalid-key', 'forbidden'] as const;
export type KeyErrorKind = (typeof KEY_ERROR_KINDS)[number];

export const isKeyError = (kind: AuditErrorKind): kind is KeyErrorKind =>
  (KEY_ERROR_KINDS as readonly string[]).includes(kind);

export type AuditObservation =
  | {
      kind: 'ok' /** `name` from `GET /api/v0/org`. */;
      orgName: string;
      hosts: AuditHost[];
      channels: AuditChannel[];
      /** Listed only on rounds that check drift; undefined on the others. */
      monitors?: AuditMonitor[];
    }
  | { kind: 'failed'; errorKind: AuditErrorKind };

import type { z } from 'zod';
import {
  knownEventTypes,
  knownWebhookEventSchema,
  unknownWebhookEventSchema,
  type WebhookEvent,
} from './webhook-event-schema';

export interface WebhookIssue {
  /** Dotted path such as `alert.status` or `host.roles.0.fullname`; `(root)` for the body itself. */
  path: string;
  message: string;
}

export type ParseWebhookResult = { ok: true; event: WebhookEvent } | { ok: false; issues: WebhookIssue[] };

/**
 * Real bodies nest about five levels deep. The cap keeps canonicalJson (dedupKey) and other recursive
 * consumers of the raw body safe from stack exhaustion.
 */
const MAX_DEPTH = 32;
/** Enough to explain a rejection without echoing a huge junk body back into responses and logs. */
const MAX_ISSUES = 20;

/** Validates a JSON-parsed webhook body. Never throws; extra keys and unknown event types are accepted. */
export function parseWebhookBody(body: unknown): ParseWebhookResult {
  if (nestedDeeperThan(body, MAX_DEPTH)) {
    return { ok: false, issues: [{ path: '(root)', message: `nested deeper than ${MAX_DEPTH} levels` }] };
  }
  const eventType = typeof body === 'object' && body !== null && 'event' in body ? body.event : undefined;
  // Dispatch on the name ourselves: a union of known and unknown schemas would bury the real issue.
  const result =
    typeof eventType === 'string' && knownEventTypes.has(eventType)
      ? knownWebhookEventSchema.safeParse(body, { error: humanMessage })
      : unknownWebhookEventSchema.safeParse(body, { error: humanMessage });
  if (result.success) return { ok: true, event: result.data };
  return { ok: false, issues: toWebhookIssues(result.error.issues) };
}

/** Bounded recursion, so it also stops on circular values. */
function nestedDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  return Object.values(value).some((child) => nestedDeeperThan(child, levels - 1));
}

function humanMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'required' : `expected ${issue.expected}, got ${kindOf(issue.input)}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string') return 'must not be empty';
  if (issue.code === 'too_big' && issue.origin === 'string') return `longer than ${issue.maximum} characters`;
  return undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

function toWebhookIssues(issues: readonly z.core.$ZodIssue[]): WebhookIssue[] {
  const shown = issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
  const hidden = issues.length - shown.length;
  return hidden > 0 ? [...shown, { path: '(root)', message: `and ${hidden} more issues` }] : shown;
}

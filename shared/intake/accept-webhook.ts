import { randomUUID } from 'node:crypto';
import type { MackerelEventAttributes, MackerelEventMessage } from '../events/mackerel-event-message';
import type { Logger } from '../log/logger';
import { dedupKey } from '../mackerel/dedup-key';
import { describeEvent } from '../mackerel/describe-event';
import { parseWebhookBody } from '../mackerel/parse-webhook';
import type { EventBacklog } from '../ports/event-backlog';
import type { MessagePublisher } from '../ports/message-publisher';
import type { WebhookTokenDirectory } from '../ports/webhook-token-directory';
import { type RetryPolicy, withRetry } from '../retry/with-retry';
import { withTimeout } from '../retry/with-timeout';
import { TOPICS } from '../topology/topology';
import { extractWebhookToken } from './extract-token';
import { type IntakeRequest, isJsonContentType, MAX_WEBHOOK_BODY_BYTES } from './intake-request';
import { type IntakeResult, rejection } from './intake-result';
import type { IpAllowlist } from './ip-allowlist';
import { hashWebhookToken } from './webhook-token';

export interface IntakeDeps {
  tokens: WebhookTokenDirectory;
  publisher: MessagePublisher;
  backlog: EventBacklog;
  allowlist: IpAllowlist | undefined;
  publishRetry: Pick<RetryPolicy, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  /** Deadline for each Firestore call on the answer path (token lookup, backlog write). */
  firestoreTimeoutMs: number;
  logger: Logger;
}

const NOT_FOUND_MESSAGE = 'no webhook is registered at this URL';

/**
 * Authenticates a Mackerel webhook, validates it and makes it durable: published to mackerel-events
 * (204), or parked in the Firestore backlog when Pub/Sub is unreachable (202), or 503 when neither
 * works, so that Mackerel's delivery fails visibly instead of the event vanishing.
 */
export async function acceptWebhook(deps: IntakeDeps, request: IntakeRequest): Promise<IntakeResult> {
  const log = deps.logger.child({ correlationId: request.correlationId });
  const reject = (result: IntakeResult, org?: string): IntakeResult => {
    log.warn('webhook rejected', {
      org,
      httpStatus: result.status,
      ...('body' in result ? result.body : {}),
    });
    return result;
  };

  if (request.method !== 'POST') {
    return reject(rejection(405, 'method_not_allowed', 'only POST is accepted'));
  }
  const extraction = extractWebhookToken(request.path, request.authorization);
  if (extraction.kind === 'no-route') return reject(rejection(404, 'not_found', NOT_FOUND_MESSAGE));
  if (deps.allowlist && !deps.allowlist.allows(request.clientIp)) {
    return reject(rejection(403, 'source_not_allowed', 'source address is not in the allowed ranges'));
  }
  if (request.bodyBytes > MAX_WEBHOOK_BODY_BYTES || request.bodyError?.status === 413) {
    return reject(rejection(413, 'payload_too_large', `body is over ${MAX_WEBHOOK_BODY_BYTES} bytes`));
  }
  if (!isJsonContentType(request.contentType)) {
    return reject(rejection(415, 'unsupported_media_type', 'Content-Type must be application/json'));
  }
  if (request.bodyError?.status === 415) {
    return reject(
      rejection(415, 'unsupported_media_type', `cannot decode the body: ${request.bodyError.message}`),
    );
  }
  if (extraction.kind === 'no-token') return reject(rejection(404, 'not_found', NOT_FOUND_MESSAGE));

  const tokenHash = hashWebhookToken(extraction.token);
  let tokenRecord = deps.tokens.answerAtHand?.(tokenHash)?.record;
  try {
    tokenRecord ??= await withTimeout(
      deps.tokens.findByHash(tokenHash),
      deps.firestoreTimeoutMs,
      'token lookup',
    );
  } catch (error) {
    log.error('webhook token lookup failed', { error });
    return rejection(503, 'unavailable', 'cannot authenticate the request right now, retry later');
  }
  if (!tokenRecord) return reject(rejection(404, 'not_found', NOT_FOUND_MESSAGE));
  const org = tokenRecord.org;

  if (request.bodyError !== undefined) {
    return reject(
      rejection(400, 'invalid_json', `body is not valid JSON: ${request.bodyError.message}`),
      org,
    );
  }
  const parsed = parseWebhookBody(request.body);
  if (!parsed.ok) {
    return reject(
      rejection(400, 'invalid_body', 'body does not match the Mackerel webhook format', parsed.issues),
      org,
    );
  }
  const summary = describeEvent(parsed.event);
  if (summary.orgName !== undefined && summary.orgName !== org) {
    return reject(rejection(403, 'org_mismatch', 'orgName does not belong to this webhook URL'), org);
  }

  const key = dedupKey(parsed.event);
  // Typed by the schema the router parses with; re-parsing here would only copy the body again.
  const message: MackerelEventMessage = {
    version: 1,
    org,
    source: 'webhook',
    receivedAt: request.receivedAt.toISOString(),
    correlationId: request.correlationId,
    dedupKey: key,
    // The body exactly as Mackerel sent it (parsing normalises status case and drops nothing else).
    body: request.body as Record<string, unknown>,
  };
  const attributes: MackerelEventAttributes = {
    org,
    event: summary.eventType,
    dedupKey: key,
    correlationId: request.correlationId,
    ...(summary.alertId ? { alertId: summary.alertId } : {}),
  };
  const context = { org, event: summary.eventType, alertId: summary.alertId, dedupKey: key };
  const data = Buffer.from(JSON.stringify(message));

  try {
    const messageId = await withRetry(
      () => deps.publisher.publish(TOPICS.mackerelEvents, data, attributes),
      deps.publishRetry,
    );
    log.info('webhook accepted', { ...context, outcome: 'published', messageId });
    return { status: 204, outcome: 'published' };
  } catch (publishError) {
    log.warn('publish failed, writing to backlog', { ...context, error: publishError });
  }
  try {
    const entry = {
      id: randomUUID(),
      topic: TOPICS.mackerelEvents,
      data: data.toString('utf8'),
      attributes,
      receivedAt: message.receivedAt,
    };
    await withTimeout(deps.backlog.add(entry), deps.firestoreTimeoutMs, 'backlog write');
    log.warn('webhook accepted into backlog', { ...context, outcome: 'backlogged' });
    return {
      status: 202,
      outcome: 'backlogged',
      body: { status: 'queued', message: 'accepted; delivery delayed' },
    };
  } catch (backlogError) {
    log.error('webhook lost to caller: publish and backlog both failed', { ...context, error: backlogError });
    return rejection(503, 'unavailable', 'cannot store the event right now, retry later');
  }
}

import type { Logger } from '../kernel/log/logger';
import { withTimeout } from '../kernel/retry/with-timeout';
import { dedupKey } from '../mackerel/webhook/dedup-key';
import { describeEvent } from '../mackerel/webhook/describe-event';
import type {
  MackerelEventAttributes,
  MackerelEventMessage,
} from '../mackerel/webhook/mackerel-event-message';
import { parseWebhookBody } from '../mackerel/webhook/parse-webhook';
import { hashWebhookToken } from '../orgs/webhook-token';
import type { WebhookTokenDirectory, WebhookTokenRecord } from '../orgs/webhook-token-directory';
import { extractWebhookToken } from './extract-token';
import { type IntakeRequest, isJsonContentType, MAX_WEBHOOK_BODY_BYTES } from './intake-request';
import { type IntakeResult, rejection } from './intake-result';
import type { IpAllowlist } from './ip-allowlist';
import { type DurabilityDeps, makeDurable } from './make-durable';

export interface IntakeDeps extends DurabilityDeps {
  tokens: WebhookTokenDirectory;
  allowlist: IpAllowlist | undefined;
  logger: Logger;
}

const NOT_FOUND_MESSAGE = 'no webhook is registered at this URL';

/**
 * Authenticates a Mackerel webhook, validates it and makes it durable (see makeDurable). Everything up
 * to the publish is synchronous when the token is in the cache, so the common case costs one publish
 * and one continuation; the result is a plain value for every rejection that needs no I/O.
 */
export function acceptWebhook(
  deps: IntakeDeps,
  request: IntakeRequest,
): IntakeResult | Promise<IntakeResult> {
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

  const withToken = (record: WebhookTokenRecord | undefined): IntakeResult | Promise<IntakeResult> => {
    if (!record) return reject(rejection(404, 'not_found', NOT_FOUND_MESSAGE));
    return validateAndPublish(deps, request, record.org, log, reject);
  };
  const tokenHash = hashWebhookToken(extraction.token);
  const atHand = deps.tokens.answerAtHand?.(tokenHash);
  if (atHand) return withToken(atHand.record);
  return withTimeout(deps.tokens.findByHash(tokenHash), deps.firestoreTimeoutMs, 'token lookup').then(
    withToken,
    (error: unknown) => {
      log.error('webhook token lookup failed', { error });
      return rejection(503, 'unavailable', 'cannot authenticate the request right now, retry later');
    },
  );
}

function validateAndPublish(
  deps: IntakeDeps,
  request: IntakeRequest,
  org: string,
  log: Logger,
  reject: (result: IntakeResult, org?: string) => IntakeResult,
): IntakeResult | Promise<IntakeResult> {
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
  return makeDurable(
    deps,
    {
      data: Buffer.from(JSON.stringify(message)),
      attributes,
      receivedAt: message.receivedAt,
      context: { org, event: summary.eventType, alertId: summary.alertId, dedupKey: key },
    },
    log,
  );
}

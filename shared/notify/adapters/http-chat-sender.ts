import { z } from 'zod';
import { SecretNotFoundError, type SecretReader } from '../../kernel/ports/secret-reader';
import type { ChatSender } from '../delivery/chat-sender';
import { SendError, type SentMessage } from '../delivery/send-error';
import { type NotificationTarget, secretOf } from '../targets/notification-target';
import { retryAfterSeconds } from './retry-after';

export interface HttpChatSenderOptions {
  secrets: SecretReader;
  /** PagerDuty's https://events.pagerduty.com/v2/enqueue, or the local stand-in's. */
  pagerDutyEventsUrl: string;
  /** Per request. */
  timeoutMs: number;
}

const SERVICE_NAMES: Record<NotificationTarget['kind'], string> = {
  email: 'SendGrid',
  slack: 'Slack',
  teams: 'Teams',
  pagerduty: 'PagerDuty',
};

/** fetch's TypeError names the socket's error code (ECONNREFUSED, ...) in its cause; nothing else is kept. */
const fetchFailureSchema = z.object({ cause: z.object({ code: z.string() }) });

/** What of a refusal's body goes into the record and the log: the service's own words, short. */
const MAX_REASON_LENGTH = 300;

/**
 * 408, 429 and 5xx are the service's own trouble. 401, 403, 404 and 410 (a revoked key, a webhook
 * removed, a channel archived) fail every message to that target until an operator fixes the secret:
 * retrying lets them reach the dead-letter topic, kept for replay and reported, instead of being dropped
 * one by one. Any other 4xx (400, 413) is about this message: recorded FAILED with the reason.
 */
function isRetryable(status: number): boolean {
  return status >= 500 || [401, 403, 404, 408, 410, 429].includes(status);
}

/** Every appearance of the credential in `text` masked, in case a service ever echoes it. */
const masked = (text: string, secret: string) => (secret === '' ? text : text.split(secret).join('••••'));

/**
 * Slack and Teams incoming webhooks and PagerDuty's Events API v2 over fetch. The credential is read from
 * Secret Manager per send (the reader caches it) and never leaves this file: errors are built from the
 * status and the service's answer only.
 */
export function httpChatSender(options: HttpChatSenderOptions): ChatSender {
  const credentialOf = async (target: NotificationTarget): Promise<string> => {
    const name = secretOf(target) ?? '';
    try {
      return await options.secrets.read(name);
    } catch (error) {
      // A missing secret stays missing until an operator adds it: recorded FAILED and reported at ERROR.
      if (error instanceof SecretNotFoundError) throw new SendError(error.message, { retryable: false });
      throw new SendError(`secret ${name} could not be read`, { retryable: true });
    }
  };

  const postJson = async (
    target: NotificationTarget,
    url: string,
    body: unknown,
    credential: string,
  ): Promise<Response> => {
    const service = SERVICE_NAMES[target.kind];
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const code = fetchFailureSchema.safeParse(error).data?.cause.code;
      const why =
        error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : (code ?? 'network error');
      throw new SendError(`${service} unreachable: ${why}`, { retryable: true });
    }
    if (response.ok) return response;
    const text = masked((await response.text().catch(() => '')).trim(), credential).slice(
      0,
      MAX_REASON_LENGTH,
    );
    const after =
      response.status === 429 ? retryAfterSeconds(response.headers.get('retry-after')) : undefined;
    throw new SendError(`${service} answered ${response.status}${text ? `: ${text}` : ''}`, {
      retryable: isRetryable(response.status),
      status: response.status,
      ...(after !== undefined && { retryAfterSeconds: after }),
    });
  };

  return {
    async post(target, body): Promise<SentMessage> {
      const url = await credentialOf(target);
      if (!/^https?:\/\//.test(url) || !URL.canParse(url)) {
        throw new SendError(`secret ${target.webhookUrlSecret} does not hold an http(s) URL`, {
          retryable: false,
        });
      }
      await postJson(target, url, body, url);
      return { messageId: undefined };
    },
    async enqueue(target, events): Promise<SentMessage> {
      const routingKey = await credentialOf(target);
      let messageId: string | undefined;
      // In order: a digest's resolves and triggers stand as the digest lists them.
      for (const event of events) {
        const response = await postJson(
          target,
          options.pagerDutyEventsUrl,
          { ...event, routing_key: routingKey },
          routingKey,
        );
        const answer: unknown = await response.json().catch(() => undefined);
        const dedupKey = (answer as { dedup_key?: unknown } | undefined)?.dedup_key;
        if (typeof dedupKey === 'string') messageId = dedupKey;
      }
      return { messageId };
    },
  };
}

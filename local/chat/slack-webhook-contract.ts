import { type ChatAnswer, parseJson, textAnswer } from './chat-answer';
import type { ChatEndpoint } from './chat-endpoint';
import type { ChatFaultStatus } from './chat-faults';
import { asRecord, asRecords } from './json-fields';
import { blocksAreValid } from './slack-block-checks';

/**
 * Slack incoming webhooks (https://api.slack.com/messaging/webhooks): `POST /services/T…/B…/secret`
 * with a JSON message, answered in plain text: `ok`, or an error code with a 4xx.
 * Here under `/slack/services/:team/:bot/:secret`.
 */
export const SLACK_WEBHOOK_PATH = /^\/slack\/services\/[^/]+\/[^/]+\/[^/]+$/;

/** Slack documents none for webhooks; a message is far smaller (text over 40,000 characters is cut). */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_ATTACHMENTS = 100;

export type SlackWebhookError =
  | 'invalid_payload'
  | 'no_text'
  | 'invalid_blocks'
  | 'invalid_attachments'
  | 'too_many_attachments';

const nonEmptyArray = (value: unknown): boolean => Array.isArray(value) && value.length > 0;

/** `ok`, or the error code Slack answers a webhook body with. */
export function checkSlackMessage(raw: unknown): 'ok' | SlackWebhookError {
  const message = asRecord(raw);
  if (message === undefined) return 'invalid_payload';
  const { text, blocks, attachments } = message;
  if (text !== undefined && typeof text !== 'string') return 'invalid_payload';
  if (blocks !== undefined && !Array.isArray(blocks)) return 'invalid_blocks';
  if (attachments !== undefined && !Array.isArray(attachments)) return 'invalid_attachments';
  const hasText = typeof text === 'string' && text.trim().length > 0;
  if (!hasText && !nonEmptyArray(blocks) && !nonEmptyArray(attachments)) return 'no_text';
  if (blocks !== undefined && !blocksAreValid(blocks)) return 'invalid_blocks';
  if (Array.isArray(attachments)) {
    if (attachments.length > MAX_ATTACHMENTS) return 'too_many_attachments';
    if (asRecords(attachments).length !== attachments.length) return 'invalid_attachments';
    if (asRecords(attachments).some((a) => a.blocks !== undefined && !blocksAreValid(a.blocks)))
      return 'invalid_blocks';
  }
  return 'ok';
}

const faultBodies: Record<ChatFaultStatus, string> = {
  400: 'invalid_payload',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
};

export const slackWebhookEndpoint: ChatEndpoint = {
  service: 'slack',
  matches: (pathname) => SLACK_WEBHOOK_PATH.test(pathname),
  maxBodyBytes: MAX_BODY_BYTES,
  tooLarge: () => textAnswer(413, 'request_too_large'),
  fault: (status) => textAnswer(status, faultBodies[status]),
  receive(body): ChatAnswer {
    const parsed = parseJson(body);
    const verdict = parsed.ok ? checkSlackMessage(parsed.value) : 'invalid_payload';
    return verdict === 'ok' ? textAnswer(200, 'ok') : textAnswer(400, verdict);
  },
};

/**
 * Why a send failed, classified for the caller: `retryable` failures may succeed on a later attempt
 * (the caller answers 5xx and Pub/Sub redelivers with backoff); others never will for this notification.
 * The message is built by the adapter from the status and the service's error text only: never from the
 * HTTP client's error, whose request carries the API key, webhook URL or routing key.
 */
export class SendError extends Error {
  override name = 'SendError';
  readonly retryable: boolean;
  /** HTTP status, when the service answered. */
  readonly status: number | undefined;
  /** The service's Retry-After, in seconds: no redelivery sends again before it has passed. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: { retryable: boolean; status?: number; retryAfterSeconds?: number }) {
    super(message);
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** What a service says about a message it accepted. */
export interface SentMessage {
  /** The service's id for it (SendGrid's X-Message-Id, PagerDuty's dedup_key), when it gave one. */
  messageId: string | undefined;
}

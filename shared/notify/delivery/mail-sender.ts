/** One mail as the mailer hands it to a sending service. The sender supplies the from address. */
export interface OutgoingMail {
  to: string[];
  /** Disjoint from `to` (SendGrid rejects an address that appears twice in one mail). */
  cc: string[];
  subject: string;
  text: string;
  html: string;
  /** Echoed by SendGrid's event webhook, so its events can be tied back to the notification. */
  customArgs: Record<string, string>;
  categories: string[];
}

export interface SentMail {
  /** The service's id for the accepted mail (SendGrid's X-Message-Id), when it gave one. */
  messageId: string | undefined;
}

export interface MailSender {
  /** Resolves once the service has accepted the mail; rejects with a MailSendError. */
  send(mail: OutgoingMail): Promise<SentMail>;
}

/**
 * Why a send failed, classified for the caller: `retryable` failures may succeed on a later attempt
 * (the caller answers 5xx and Pub/Sub redelivers with backoff); others never will for this mail. The
 * message is built by the adapter from the status and the service's error text only: never from the
 * HTTP client's error, whose request config carries the API key.
 */
export class MailSendError extends Error {
  override name = 'MailSendError';
  readonly retryable: boolean;
  /** HTTP status, when the service answered. */
  readonly status: number | undefined;

  constructor(message: string, options: { retryable: boolean; status?: number }) {
    super(message);
    this.retryable = options.retryable;
    this.status = options.status;
  }
}

/**
 * 408, 429 and 5xx are the service's own trouble and pass. 401 and 403 (key revoked, sender identity
 * unverified, IP access management) fail every mail until an operator fixes the account: retrying lets
 * such mails reach the dead-letter topic, kept for replay and reported, instead of being dropped as
 * failed one by one. Any other 4xx is about this mail (an address SendGrid rejects, a body too large).
 */
export function isRetryableStatus(status: number): boolean {
  if (status < 400 || status >= 500) return true;
  return status === 401 || status === 403 || status === 408 || status === 429;
}

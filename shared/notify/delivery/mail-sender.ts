import type { SentMessage } from './send-error';

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

export interface MailSender {
  /** Resolves once the service has accepted the mail; rejects with a SendError. */
  send(mail: OutgoingMail): Promise<SentMessage>;
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

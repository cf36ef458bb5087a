import type { NotificationMessage } from '../message/notification-message';
import type { ChatLinks } from '../render/chat-links';
import { pagerDutyEventsOf } from '../render/pagerduty-events';
import { slackMessageOf } from '../render/slack-message';
import { teamsMessageOf } from '../render/teams-card';
import type { NotificationTarget } from '../targets/notification-target';
import type { ChatSender } from './chat-sender';
import { composeMail } from './compose-mail';
import type { PreparedSend } from './deliver-to-target';
import type { MailSender } from './mail-sender';
import { SendError } from './send-error';

/** The mailer's senders: mail always; chat and paging when the function is given them. */
export interface Senders {
  mail: MailSender;
  chat?: ChatSender;
  links: ChatLinks;
}

export interface PreparedTarget {
  prepared: PreparedSend;
  /** What the log lines of this target's delivery say beside the notification. */
  fields: Record<string, unknown>;
}

const notConfigured = (): Promise<never> =>
  Promise.reject(new SendError('no chat or paging sender configured in this function', { retryable: true }));

/**
 * Lays a notification out for one target's medium (pure; throws nothing: an error is returned, recorded
 * as FAILED and heard about at ERROR) and binds the send. The routing key is not known here: events are
 * rendered with an empty one, which the sender fills in from the secret.
 */
export function prepareSend(
  senders: Senders,
  n: NotificationMessage,
  target: NotificationTarget,
): PreparedTarget {
  try {
    switch (target.kind) {
      case 'email': {
        const mail = composeMail(n);
        return {
          prepared: { ok: true, send: () => senders.mail.send(mail) },
          fields: { recipients: mail.to.length + mail.cc.length },
        };
      }
      case 'slack':
      case 'teams': {
        const body =
          target.kind === 'slack' ? slackMessageOf(n, senders.links) : teamsMessageOf(n, senders.links);
        const chat = senders.chat;
        return {
          prepared: { ok: true, send: chat ? () => chat.post(target, body) : notConfigured },
          fields: { bytes: Buffer.byteLength(JSON.stringify(body)) },
        };
      }
      case 'pagerduty': {
        const events = pagerDutyEventsOf(n, '', senders.links);
        const chat = senders.chat;
        return {
          prepared: { ok: true, send: chat ? () => chat.enqueue(target, events) : notConfigured },
          fields: { events: events.length },
        };
      }
    }
  } catch (error) {
    return { prepared: { ok: false, error }, fields: {} };
  }
}

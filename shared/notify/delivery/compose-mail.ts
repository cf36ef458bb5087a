import type { NotificationMessage } from '../message/notification-message';
import { renderNotification } from '../render/render-notification';
import type { OutgoingMail } from './mail-sender';

/** Addresses compare case-insensitively; the first spelling wins. */
function distinct(addresses: readonly string[], exclude: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set(exclude);
  return addresses.filter((address) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The mail of a notification. Routes overlap (an org's route and the NOC's may both list someone), and
 * SendGrid rejects a mail naming an address twice, so duplicates are dropped: to wins over cc.
 */
export function composeMail(n: NotificationMessage): OutgoingMail {
  const to = distinct(n.recipients.to);
  const cc = distinct(n.recipients.cc, new Set(to.map((a) => a.toLowerCase())));
  return {
    to,
    cc,
    ...renderNotification(n),
    customArgs: { notificationId: n.id, org: n.org, kind: n.kind, routeId: n.routeId },
    categories: ['msp-ops-pipeline', n.kind],
  };
}

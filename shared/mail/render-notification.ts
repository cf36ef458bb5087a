import type { NotificationMessage } from '../notifications/notification-message';
import { htmlBody } from './html-body';
import { LABELS } from './labels';
import { subjectLine } from './subject-line';
import { textBody } from './text-body';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Pure: the same notification always renders the same mail, so a redelivery or a replay matches. */
export function renderNotification(n: NotificationMessage): RenderedMail {
  const labels = LABELS[n.language];
  const subject = subjectLine(n, labels);
  return { subject, text: textBody(n, labels), html: htmlBody(n, labels, subject) };
}

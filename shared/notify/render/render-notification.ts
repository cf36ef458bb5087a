import { isAlertNotification, type NotificationMessage } from '../message/notification-message';
import { htmlBody } from './html-body';
import { LABELS } from './labels';
import { renderReport } from './render-report';
import { alertSubjectLine } from './subject-line';
import { textBody } from './text-body';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Pure: the same notification always renders the same mail, so a redelivery or a replay matches. */
export function renderNotification(n: NotificationMessage): RenderedMail {
  const labels = LABELS[n.language];
  if (!isAlertNotification(n)) {
    if (n.report === undefined) throw new Error(`report ${n.id} has no content`); // the schema forbids it
    return renderReport(n.report, n.language, labels.footer(n.routeId, n.id));
  }
  const subject = alertSubjectLine(n, labels);
  return { subject, text: textBody(n, labels), html: htmlBody(n, labels, subject) };
}

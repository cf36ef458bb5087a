import { createHash } from 'node:crypto';
import { ALL_ORGS } from '../../kernel/org-name';
import {
  type NotificationMessage,
  notificationMessageSchema,
} from '../../notify/message/notification-message';
import type { ReportContent } from '../../notify/message/report-content';
import type { CommitAlertTransition } from '../model/commit-alert-machine';
import type { CdnContract } from '../model/contract-schema';

/**
 * Notification ids follow from what a mail is about, never from when it was built: a redelivered run
 * decides the same ids, and the mailer sends an id once.
 */
export const alertNotificationId = (transition: Pick<CommitAlertTransition, 'contractId' | 'id'>): string =>
  `cdn-${transition.contractId}-${createHash('sha256').update(transition.id).digest('hex').slice(0, 24)}`;

export const digestNotificationId = (contractId: string, date: string): string =>
  `cdn-digest-${contractId}-${date}`;

export const monthCloseNotificationId = (contractId: string, month: string): string =>
  `cdn-close-${contractId}-${month}`;

/**
 * A report to the contract's finance recipients. A CDN contract belongs to no Mackerel org, so the
 * notification spans orgs; its route names the contract.
 */
export function commitNotification(
  contract: Pick<CdnContract, 'id' | 'language' | 'financeRecipients'>,
  id: string,
  report: ReportContent,
  correlationId: string,
): NotificationMessage {
  return notificationMessageSchema.parse({
    version: 1,
    id,
    kind: 'report',
    org: ALL_ORGS,
    routeId: `cdn:${contract.id}`,
    language: contract.language,
    recipients: contract.financeRecipients,
    correlationId,
    report,
  });
}

import type { Language } from '../../notify/message/notification-message';
import type { AuditLabels } from './audit-labels';
import { AUDIT_LABELS_EN } from './audit-labels-en';
import { AUDIT_LABELS_JA } from './audit-labels-ja';

/** The audit mails' words in each language the org record can name. */
export const AUDIT_LABELS: Readonly<Record<Language, AuditLabels>> = {
  en: AUDIT_LABELS_EN,
  ja: AUDIT_LABELS_JA,
};

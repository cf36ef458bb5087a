import type { AlertNotification } from '../message/notification-message';
import { subjectLine } from '../message/subject-line';
import { alertLine, digestCount, digestOrgs, notificationWorst, statusLabel, theAlert } from './alert-view';
import type { Labels } from './labels';

/** Long enough for org, target and message; mail clients cut the rest anyway. */
const MAX_ALERT_SUBJECT = 200;
/** A cross-org digest names this many orgs and counts the rest. */
const NAMED_ORGS = 3;

/**
 * `[CRITICAL] acme-prod / web01: CPU % 97.5 > 90`, `[CRITICAL][REPEAT] …`, `[OK][RECOVERED] …`,
 * `[CRITICAL][DIGEST] 3 alerts in 2 orgs: acme-prod, beta-stg`. The severity tag (a digest's worst) comes
 * first in both languages; the qualifier after it is translated.
 */
export function alertSubjectLine(n: AlertNotification, labels: Labels): string {
  const status = statusLabel(notificationWorst(n));
  if (n.kind === 'digest') {
    const orgs = digestOrgs(n);
    const named = orgs.slice(0, NAMED_ORGS);
    if (orgs.length > NAMED_ORGS) named.push(labels.moreOrgs(orgs.length - NAMED_ORGS));
    const text = `${digestCount(n, labels)}: ${named.join(', ')}`;
    return subjectLine([status, labels.qualifier.digest], text, MAX_ALERT_SUBJECT);
  }
  const tags = n.kind === 'alert' ? [status] : [status, labels.qualifier[n.kind]];
  return subjectLine(tags, alertLine(theAlert(n)), MAX_ALERT_SUBJECT);
}

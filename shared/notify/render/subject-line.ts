import type { AlertNotification } from '../message/notification-message';
import { alertLine, digestCount, orgsOf, statusLabel, theAlert, worstStatus } from './alert-view';
import type { Labels } from './labels';

/** Long enough for org, target and message; mail clients cut the rest anyway. */
const MAX_SUBJECT = 200;
/** A cross-org digest names this many orgs and counts the rest. */
const NAMED_ORGS = 3;

const clamp = (text: string): string =>
  [...text].length <= MAX_SUBJECT ? text : `${[...text].slice(0, MAX_SUBJECT - 1).join('')}…`;

/**
 * `[CRITICAL] acme-prod / web01: CPU % 97.5 > 90`, `[CRITICAL][REPEAT] …`, `[OK][RECOVERED] …`,
 * `[CRITICAL][DIGEST] 3 alerts in 2 orgs: acme-prod, beta-stg`. The severity tag (a digest's worst) comes
 * first in both languages; the qualifier after it is translated.
 */
export function subjectLine(n: AlertNotification, labels: Labels): string {
  const status = `[${statusLabel(worstStatus(n.alerts))}]`;
  if (n.kind === 'digest') {
    const orgs = orgsOf(n.alerts);
    const named = orgs.slice(0, NAMED_ORGS);
    if (orgs.length > NAMED_ORGS) named.push(labels.moreOrgs(orgs.length - NAMED_ORGS));
    return clamp(`${status}[${labels.qualifier.digest}] ${digestCount(n, labels)}: ${named.join(', ')}`);
  }
  const qualifier = n.kind === 'alert' ? '' : `[${labels.qualifier[n.kind]}]`;
  return clamp(`${status}${qualifier} ${alertLine(theAlert(n))}`);
}

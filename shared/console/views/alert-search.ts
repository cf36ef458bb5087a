import { z } from 'zod';
import type { AlertState } from '../../alerting/router/alert-state';
import { hostPatternOf } from '../../fleet/host-pattern';
import { orgNameSchema } from '../../kernel/org-name';
import { DAY_MS, dayNumberOfJstDate, dayNumberStartMs, jstDateSchema } from '../../kernel/time/jst-calendar';
import { globSchema } from '../../routing/glob';
import { SEVERITIES, severityOf, severityRank } from './alert-severity';

/** A JST date (the whole day) or an ISO time with offset: the instant it starts, and where it ends. */
const timeBound = z.union([jstDateSchema, z.iso.datetime({ offset: true })], {
  error: 'expected a date (YYYY-MM-DD, JST) or an ISO time with offset',
});

const startMsOf = (bound: string) =>
  bound.length === 10 ? dayNumberStartMs(dayNumberOfJstDate(bound)) : Date.parse(bound);
const endMsOf = (bound: string) => (bound.length === 10 ? startMsOf(bound) + DAY_MS : Date.parse(bound));

export const ALERTS_PAGE_SIZE = 200;

export const alertSearchSchema = z
  .strictObject({
    org: orgNameSchema.optional(),
    severity: z.enum(SEVERITIES).optional(),
    status: z.enum(['open', 'closed']).optional(),
    /** Host name: glob with * ? (anchored), else case-insensitive substring, as `msp-ops hosts search`. */
    host: z
      .string()
      .max(200)
      .refine((p) => !/[*?\\]/.test(p) || globSchema.safeParse(p).success, {
        message: 'not a valid glob',
      })
      .optional(),
    /** Monitor name, case-insensitive substring. */
    monitor: z.string().max(200).optional(),
    /** Opened at or after. */
    from: timeBound.optional(),
    /** Opened before (a date: before the day after it). */
    to: timeBound.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || startMsOf(q.from) < endMsOf(q.to), {
    path: ['to'],
    message: 'must be after from',
  });
export type AlertSearch = z.infer<typeof alertSearchSchema>;

export interface AlertSearchResult {
  alerts: AlertState[];
  /** Matches beyond the page. */
  more: number;
}

/** Newest opened first; open before closed at the same time; worst first at the same time. */
export function searchAlerts(states: readonly AlertState[], query: AlertSearch): AlertSearchResult {
  const host = query.host === undefined ? undefined : hostPatternOf(query.host);
  const monitor = query.monitor?.toLowerCase();
  const fromMs = query.from === undefined ? undefined : startMsOf(query.from);
  const toMs = query.to === undefined ? undefined : endMsOf(query.to);
  const matches = states.filter((s) => {
    const openedMs = s.openedAt * 1000;
    return (
      (query.org === undefined || s.org === query.org) &&
      (query.severity === undefined || severityOf(s) === query.severity) &&
      (query.status === undefined || s.isOpen === (query.status === 'open')) &&
      (host === undefined || (s.hostName !== null && host(s.hostName))) &&
      (monitor === undefined || s.monitorName.toLowerCase().includes(monitor)) &&
      (fromMs === undefined || openedMs >= fromMs) &&
      (toMs === undefined || openedMs < toMs)
    );
  });
  matches.sort(
    (a, b) =>
      b.openedAt - a.openedAt ||
      severityRank(severityOf(a)) - severityRank(severityOf(b)) ||
      a.org.localeCompare(b.org) ||
      a.alertId.localeCompare(b.alertId),
  );
  return { alerts: matches.slice(0, ALERTS_PAGE_SIZE), more: Math.max(0, matches.length - ALERTS_PAGE_SIZE) };
}

import type { CommitAlertTransition } from '../model/commit-alert-machine';
import type { CommitAlertKind } from '../model/commit-alert-state';

/** One mail's figures, already formatted for its language (volumes, percents, yen, JST times). */
export interface MailFigures {
  contractId: string;
  displayName: string;
  provider: string;
  month: string;
  /** `50 TB` */
  commit: string;
  /** `¥1,200,000` / `1,200,000円` */
  fee: string;
  /** `¥30 / GB` */
  price: string;
  /** `45.6 TB` and `91.2%` */
  actual: string;
  actualPercent: string;
  /** Null while no method can forecast. */
  p50: string | null;
  p50Percent: string | null;
  p90: string | null;
  p90Percent: string | null;
  /** `6,000 GB ≈ ¥180,000` and the yen alone. */
  overageP50: string | null;
  overageP50Yen: string | null;
  overageP90: string | null;
  /** `2025-04-20 12:00 JST` */
  dataCompleteTo: string;
  method: string;
  daysLeft: string;
}

type Phrase = (f: MailFigures, band: string) => string;
type Change = CommitAlertTransition['change'];

/** Every word a commit mail shows, per language; severity tags stay untranslated, as in the other mails. */
export interface CommitMailLabels {
  yen(amount: number): string;
  perUnit(price: string, unit: string): string;
  /** The subject after `CDN <id>: ` and the lead, per alert kind and change. */
  alert: Record<CommitAlertKind, Record<Change, { subject: Phrase; lead: Phrase }>>;
  digest: { subject(f: MailFigures, date: string): string; lead(f: MailFigures, date: string): string };
  close: {
    subject(f: MailFigures, overage: string | null): string;
    lead(f: MailFigures): string;
    noOverage: string;
  };
  field: {
    contract: string;
    month: string;
    commit: string;
    actual: string;
    closedTotal: string;
    p50: string;
    p90: string;
    overageP50: string;
    overageP90: string;
    overage: string;
    charge: string;
    price: string;
    dataCompleteTo: string;
    method: string;
    daysLeft: string;
  };
  commitValue(f: MailFigures): string;
  monthValue(month: string): string;
  /** A cell with nothing to show yet (no forecast). */
  none: string;
  methodHeldBack(method: string, reason: string): string;
  noForecast(reason: string): string;
  notes: {
    noCap: string;
    source: string;
    transitionsOnly: string;
    digestCadence: string;
    reconcile: string;
    incomplete(dataCompleteTo: string): string;
  };
}

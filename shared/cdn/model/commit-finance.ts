import type { ForecastRange } from '../forecast/error-bands';
import { type ByteUnit, fromBytes, toBytes } from './byte-unit';
import type { CdnContract } from './contract-schema';

/** What finance needs of a contract: the commit and the overage price, each in its own unit. */
export type CommitTerms = Pick<CdnContract, 'committed' | 'overage'>;

export interface VolumeFigure {
  bytes: number;
  /** In the commit's unit, to 3 decimals. */
  amount: number;
  /** Of the commit, to 1 decimal. */
  percent: number;
}

export interface OverageFigure {
  /** Above the commit, in the unit the overage is priced in, to 3 decimals. */
  amount: number;
  /** Whole yen. */
  yen: number;
}

const rounded = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** The figures finance reads in a commit mail. */
export interface CommitFinance {
  commit: { amount: number; unit: ByteUnit; bytes: number };
  overageUnit: ByteUnit;
  actual: VolumeFigure;
  p50: VolumeFigure | null;
  p90: VolumeFigure | null;
  /** Projected overage at P50 and at P90 (zero when under the commit). */
  overageP50: OverageFigure | null;
  overageP90: OverageFigure | null;
  /** Whole JST days of the month after today. */
  daysLeft: number;
}

export function commitBytesOf(terms: CommitTerms): number {
  return toBytes(terms.committed.amount, terms.committed.unit);
}

/** Month-end bytes at which the projected overage reaches `yen`; Infinity when overage costs nothing. */
export function overageYenThresholdBytes(terms: CommitTerms, yen: number): number {
  if (terms.overage.yenPerUnit <= 0) return Number.POSITIVE_INFINITY;
  return commitBytesOf(terms) + toBytes(yen / terms.overage.yenPerUnit, terms.overage.unit);
}

export function commitFinance(
  terms: CommitTerms,
  actualBytes: number,
  range: ForecastRange | null,
  daysLeft: number,
): CommitFinance {
  const commitBytes = commitBytesOf(terms);
  const volume = (bytes: number): VolumeFigure => ({
    bytes,
    amount: rounded(fromBytes(bytes, terms.committed.unit), 3),
    percent: rounded((bytes / commitBytes) * 100, 1),
  });
  const overage = (bytes: number): OverageFigure => {
    const amount = fromBytes(Math.max(0, bytes - commitBytes), terms.overage.unit);
    return { amount: rounded(amount, 3), yen: Math.round(amount * terms.overage.yenPerUnit) };
  };
  return {
    commit: { ...terms.committed, bytes: commitBytes },
    overageUnit: terms.overage.unit,
    actual: volume(actualBytes),
    p50: range && volume(range.p50Bytes),
    p90: range && volume(range.p90Bytes),
    overageP50: range && overage(range.p50Bytes),
    overageP90: range && overage(range.p90Bytes),
    daysLeft,
  };
}

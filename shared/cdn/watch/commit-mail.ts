import { jstMonthBounds } from '../../kernel/time/jst-calendar';
import { formatJst, isoToEpochSeconds } from '../../kernel/time/jst-format';
import type { Language } from '../../notify/message/notification-message';
import type { ReportContent, ReportSeverity } from '../../notify/message/report-content';
import { subjectLine } from '../../notify/message/subject-line';
import type { CommitAssessment } from '../model/assess-commit';
import type { CommitAlertTransition } from '../model/commit-alert-machine';
import { type CommitFinance, commitFinance, type OverageFigure } from '../model/commit-finance';
import type { CdnContract } from '../model/contract-schema';
import type { CommitMailLabels, MailFigures } from './commit-mail-labels';
import { COMMIT_MAIL_LABELS_EN } from './commit-mail-labels-en';
import { COMMIT_MAIL_LABELS_JA } from './commit-mail-labels-ja';

const LABELS: Record<Language, CommitMailLabels> = { ja: COMMIT_MAIL_LABELS_JA, en: COMMIT_MAIL_LABELS_EN };

/** What a commit mail says about its contract. */
export type MailContract = Pick<
  CdnContract,
  'id' | 'displayName' | 'provider' | 'committed' | 'monthlyFeeYen' | 'overage' | 'language'
>;

const amount = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const tenths = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const percent = (value: number) => `${tenths.format(value)}%`;

function overageText(l: CommitMailLabels, contract: MailContract, figure: OverageFigure): string {
  return `${amount.format(figure.amount)} ${contract.overage.unit} ≈ ${l.yen(figure.yen)}`;
}

function methodText(l: CommitMailLabels, assessment: CommitAssessment): string {
  const { forecast, forecastHeldBack } = assessment;
  if (forecast === null) return l.noForecast(forecastHeldBack ?? '');
  return forecastHeldBack === null ? forecast.method : l.methodHeldBack(forecast.method, forecastHeldBack);
}

function figuresOf(
  l: CommitMailLabels,
  contract: MailContract,
  assessment: CommitAssessment,
  finance: CommitFinance = assessment.finance,
): MailFigures {
  const unit = contract.committed.unit;
  const volume = (figure: { amount: number }) => `${amount.format(figure.amount)} ${unit}`;
  return {
    contractId: contract.id,
    displayName: contract.displayName,
    provider: contract.provider,
    month: assessment.usage.month,
    commit: `${amount.format(contract.committed.amount)} ${unit}`,
    fee: l.yen(contract.monthlyFeeYen),
    price: l.perUnit(l.yen(contract.overage.yenPerUnit), contract.overage.unit),
    actual: volume(finance.actual),
    actualPercent: percent(finance.actual.percent),
    p50: finance.p50 && volume(finance.p50),
    p50Percent: finance.p50 && percent(finance.p50.percent),
    p90: finance.p90 && volume(finance.p90),
    p90Percent: finance.p90 && percent(finance.p90.percent),
    overageP50: finance.overageP50 && overageText(l, contract, finance.overageP50),
    overageP50Yen: finance.overageP50 && l.yen(finance.overageP50.yen),
    overageP90: finance.overageP90 && overageText(l, contract, finance.overageP90),
    dataCompleteTo: formatJst(isoToEpochSeconds(assessment.usage.dataCompleteTo)),
    method: methodText(l, assessment),
    daysLeft: String(finance.daysLeft),
  };
}

/** The figures every finance mail carries (README, CDN commit watch, step 4). */
function commitFacts(l: CommitMailLabels, f: MailFigures): ReportContent['facts'] {
  const withPercent = (value: string | null, pct: string | null) =>
    value === null ? l.none : `${value} (${pct})`;
  return [
    { label: l.field.contract, value: `${f.displayName} (${f.contractId}, ${f.provider})` },
    { label: l.field.month, value: l.monthValue(f.month) },
    { label: l.field.commit, value: l.commitValue(f) },
    { label: l.field.actual, value: withPercent(f.actual, f.actualPercent) },
    { label: l.field.p50, value: withPercent(f.p50, f.p50Percent) },
    { label: l.field.p90, value: withPercent(f.p90, f.p90Percent) },
    { label: l.field.overageP50, value: f.overageP50 ?? l.none },
    { label: l.field.overageP90, value: f.overageP90 ?? l.none },
    { label: l.field.price, value: f.price },
    { label: l.field.dataCompleteTo, value: f.dataCompleteTo },
    { label: l.field.method, value: f.method },
    { label: l.field.daysLeft, value: f.daysLeft },
  ];
}

function report(
  severity: ReportSeverity,
  contract: MailContract,
  subject: string,
  lead: string,
  facts: ReportContent['facts'],
  notes: string[],
): ReportContent {
  return {
    severity,
    subject: subjectLine([severity.toUpperCase()], `CDN ${contract.id}: ${subject}`),
    lead,
    facts,
    tables: [],
    links: [],
    notes,
  };
}

const FIRED_SEVERITY: Record<CommitAlertTransition['kind'], ReportSeverity> = {
  'early-warning': 'info',
  'overage-likely': 'warning',
  'overage-yen': 'warning',
  'overage-started': 'critical',
};

/** The mail for one alert transition (fired or cleared), in the contract's language. */
export function commitAlertMail(
  contract: MailContract,
  assessment: CommitAssessment,
  transition: Pick<CommitAlertTransition, 'kind' | 'band' | 'change'>,
): ReportContent {
  const l = LABELS[contract.language];
  const f = figuresOf(l, contract, assessment);
  const phrases = l.alert[transition.kind][transition.change];
  const band = l.yen(transition.band);
  return report(
    transition.change === 'fired' ? FIRED_SEVERITY[transition.kind] : 'info',
    contract,
    phrases.subject(f, band),
    phrases.lead(f, band),
    commitFacts(l, f),
    [l.notes.noCap, l.notes.transitionsOnly, l.notes.source],
  );
}

/** The 09:00 JST figures of one contract for `date`. */
export function commitDigestMail(
  contract: MailContract,
  assessment: CommitAssessment,
  date: string,
): ReportContent {
  const l = LABELS[contract.language];
  const f = figuresOf(l, contract, assessment);
  const { finance } = assessment;
  const severity: ReportSeverity =
    finance.actual.percent >= 100 ? 'critical' : (finance.p50?.percent ?? 0) >= 100 ? 'warning' : 'info';
  return report(severity, contract, l.digest.subject(f, date), l.digest.lead(f, date), commitFacts(l, f), [
    l.notes.noCap,
    l.notes.digestCadence,
    l.notes.source,
  ]);
}

/** The closed month's final API figures: total, overage in the overage unit and yen, for the invoice check. */
export function monthCloseMail(contract: MailContract, assessment: CommitAssessment): ReportContent {
  const l = LABELS[contract.language];
  const total = assessment.usage.mtdBytes;
  // The month is over: the overage is what was used, not a forecast.
  const finance = commitFinance(contract, total, { p50Bytes: total, p90Bytes: total }, 0);
  const f = figuresOf(l, contract, assessment, finance);
  const overage = finance.overageP50 ?? { amount: 0, yen: 0 };
  const overageValue = overage.yen > 0 || overage.amount > 0 ? overageText(l, contract, overage) : null;
  const complete =
    Date.parse(assessment.usage.dataCompleteTo) >= jstMonthBounds(assessment.usage.month).endUtc.getTime();
  return report(
    overageValue !== null || !complete ? 'warning' : 'info',
    contract,
    l.close.subject(f, overageValue),
    l.close.lead(f),
    [
      { label: l.field.contract, value: `${f.displayName} (${f.contractId}, ${f.provider})` },
      { label: l.field.month, value: l.monthValue(f.month) },
      { label: l.field.commit, value: l.commitValue(f) },
      { label: l.field.closedTotal, value: `${f.actual} (${f.actualPercent})` },
      { label: l.field.overage, value: overageValue ?? l.close.noOverage },
      { label: l.field.price, value: f.price },
      { label: l.field.charge, value: l.yen(contract.monthlyFeeYen + overage.yen) },
      { label: l.field.dataCompleteTo, value: f.dataCompleteTo },
    ],
    [...(complete ? [] : [l.notes.incomplete(f.dataCompleteTo)]), l.notes.reconcile, l.notes.source],
  );
}

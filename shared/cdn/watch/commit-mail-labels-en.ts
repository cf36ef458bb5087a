import type { CommitMailLabels } from './commit-mail-labels';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const COMMIT_MAIL_LABELS_EN: CommitMailLabels = {
  yen: (amount) => `¥${grouped.format(amount)}`,
  perUnit: (price, unit) => `${price} / ${unit}`,
  alert: {
    'early-warning': {
      fired: {
        subject: (f) => `overage possible this month (P90 ${f.p90Percent} of ${f.commit})`,
        lead: (f) =>
          `At P90, the forecast for ${f.displayName}'s transfer in ${f.month} (JST) reaches ${f.p90Percent} of the ${f.commit} commit: an overage is possible, not yet likely.`,
      },
      cleared: {
        subject: (f) => `overage no longer possible (P90 ${f.p90Percent} of ${f.commit})`,
        lead: (f) =>
          `At P90, the forecast for ${f.displayName}'s transfer in ${f.month} (JST) is back to ${f.p90Percent} of the ${f.commit} commit.`,
      },
    },
    'overage-likely': {
      fired: {
        subject: (f) => `overage likely this month (P50 ${f.p50Percent} of ${f.commit})`,
        lead: (f) =>
          `The median (P50) forecast for ${f.displayName}'s transfer in ${f.month} (JST) is ${f.p50Percent} of the ${f.commit} commit: an overage is likely. Projected overage: ${f.overageP50}.`,
      },
      cleared: {
        subject: (f) => `overage no longer likely (P50 ${f.p50Percent} of ${f.commit})`,
        lead: (f) =>
          `The median (P50) forecast for ${f.displayName}'s transfer in ${f.month} (JST) is back to ${f.p50Percent} of the ${f.commit} commit: an overage is no longer likely.`,
      },
    },
    'overage-started': {
      fired: {
        subject: (f) => `overage started (actual ${f.actualPercent} of ${f.commit})`,
        lead: (f) =>
          `${f.displayName} has used ${f.actual} (${f.actualPercent}) of the ${f.commit} commit for ${f.month} (JST): transfer from now on is billed as overage at ${f.price}.`,
      },
      cleared: {
        subject: (f) => `back under the commit (actual ${f.actualPercent} of ${f.commit})`,
        lead: (f) =>
          `Revised data put ${f.displayName}'s transfer for ${f.month} (JST) back to ${f.actual} (${f.actualPercent}) of the ${f.commit} commit.`,
      },
    },
    'overage-yen': {
      fired: {
        subject: (f, band) => `projected overage at or above ${band} (P50 ${f.overageP50Yen})`,
        lead: (f, band) =>
          `The projected overage for ${f.displayName} in ${f.month} (JST) has reached ${band}: ${f.overageP50} at P50.`,
      },
      cleared: {
        subject: (f, band) => `projected overage under ${band} (P50 ${f.overageP50Yen})`,
        lead: (f, band) =>
          `The projected overage for ${f.displayName} in ${f.month} (JST) is back under ${band}: ${f.overageP50} at P50.`,
      },
    },
  },
  digest: {
    subject: (f, date) =>
      `${date}: actual ${f.actualPercent} of ${f.commit}, P50 ${f.p50Percent ?? 'not yet forecast'}`,
    lead: (f, date) =>
      `Daily figures for ${f.displayName} on ${date}: transfer in ${f.month} (JST) against the commit, with data complete to ${f.dataCompleteTo}.`,
  },
  close: {
    subject: (f, overage) =>
      `${f.month} closed at ${f.actualPercent} of ${f.commit}, ${overage === null ? 'no overage' : `overage ${overage}`}`,
    lead: (f) =>
      `Final traffic API figures for ${f.displayName}, ${f.month} (JST). Reconcile them with the invoice: the billed volume can exceed what the traffic API reports.`,
    noOverage: 'none',
  },
  field: {
    contract: 'Contract',
    month: 'Month',
    commit: 'Commit',
    actual: 'Actual month to date',
    closedTotal: 'Month total',
    p50: 'Month-end forecast P50',
    p90: 'Month-end forecast P90',
    overageP50: 'Projected overage P50',
    overageP90: 'Projected overage P90',
    overage: 'Overage',
    charge: 'Fee plus overage',
    price: 'Overage price',
    dataCompleteTo: 'Data complete to',
    method: 'Forecast method',
    daysLeft: 'Days left in the month',
  },
  commitValue: (f) => `${f.commit} per month (monthly fee ${f.fee})`,
  monthValue: (month) => `${month} (JST)`,
  none: '-',
  methodHeldBack: (method, reason) => `${method} (alerts held back: ${reason})`,
  noForecast: (reason) => `none yet (${reason})`,
  notes: {
    noCap:
      'These alerts do not cap or throttle traffic: the CDN keeps delivering, and transfer above the commit is billed as overage.',
    source:
      "Figures come from the CDN's traffic API and may differ from the invoice, which is authoritative. Hours after the data-complete time are provisional.",
    transitionsOnly:
      'You are told once per change: the next mail about this comes when it clears or another threshold is crossed.',
    digestCadence: 'Sent every day at 09:00 JST; alerts come separately, the moment a threshold is crossed.',
    reconcile:
      'Record the invoice total next to this figure: their ratio shows how far billing and the API differ.',
    incomplete: (to) => `The data is complete only to ${to}: the total may still be low.`,
  },
};

import type { CommitMailLabels } from './commit-mail-labels';

const grouped = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 2 });

export const COMMIT_MAIL_LABELS_JA: CommitMailLabels = {
  yen: (amount) => `${grouped.format(amount)}円`,
  perUnit: (price, unit) => `${price} / ${unit}`,
  alert: {
    'early-warning': {
      fired: {
        subject: (f) => `今月コミット超過の可能性 (P90 ${f.p90Percent} / ${f.commit})`,
        lead: (f) =>
          `${f.displayName} の ${f.month} (JST) の転送量予測 (P90) がコミット ${f.commit} の ${f.p90Percent} に達しました。超過の可能性があります (まだ見込みではありません)。`,
      },
      cleared: {
        subject: (f) => `コミット超過の可能性は解消 (P90 ${f.p90Percent} / ${f.commit})`,
        lead: (f) =>
          `${f.displayName} の ${f.month} (JST) の転送量予測 (P90) はコミット ${f.commit} の ${f.p90Percent} に戻りました。`,
      },
    },
    'overage-likely': {
      fired: {
        subject: (f) => `今月コミット超過の見込み (P50 ${f.p50Percent} / ${f.commit})`,
        lead: (f) =>
          `${f.displayName} の ${f.month} (JST) の転送量予測 (P50) はコミット ${f.commit} の ${f.p50Percent} です。今月はコミット超過の見込みです。超過見込み: ${f.overageP50}。`,
      },
      cleared: {
        subject: (f) => `コミット超過の見込みは解消 (P50 ${f.p50Percent} / ${f.commit})`,
        lead: (f) =>
          `${f.displayName} の ${f.month} (JST) の転送量予測 (P50) はコミット ${f.commit} の ${f.p50Percent} に下がりました。超過の見込みは解消しました。`,
      },
    },
    'overage-started': {
      fired: {
        subject: (f) => `コミット超過が発生 (実績 ${f.actualPercent} / ${f.commit})`,
        lead: (f) =>
          `${f.displayName} の ${f.month} (JST) の転送量が ${f.actual} (コミット ${f.commit} の ${f.actualPercent}) に達しました。これ以降の転送量は超過料金 ${f.price} で請求されます。`,
      },
      cleared: {
        subject: (f) => `実績がコミット以下に戻りました (実績 ${f.actualPercent} / ${f.commit})`,
        lead: (f) =>
          `データの修正により、${f.displayName} の ${f.month} (JST) の転送量は ${f.actual} (コミット ${f.commit} の ${f.actualPercent}) に戻りました。`,
      },
    },
    'overage-yen': {
      fired: {
        subject: (f, band) => `超過料金見込みが ${band} 以上 (P50 ${f.overageP50Yen})`,
        lead: (f, band) =>
          `${f.displayName} の ${f.month} (JST) の超過料金見込みが ${band} に達しました (P50: ${f.overageP50})。`,
      },
      cleared: {
        subject: (f, band) => `超過料金見込みが ${band} 未満に (P50 ${f.overageP50Yen})`,
        lead: (f, band) =>
          `${f.displayName} の ${f.month} (JST) の超過料金見込みが ${band} を下回りました (P50: ${f.overageP50})。`,
      },
    },
  },
  digest: {
    subject: (f, date) =>
      `${date} 実績 ${f.actualPercent} / ${f.commit}、予測 P50 ${f.p50Percent ?? '未算出'}`,
    lead: (f, date) =>
      `${f.displayName} の ${date} の日次レポートです。${f.month} (JST) の転送量とコミットの比較 (データ確定: ${f.dataCompleteTo})。`,
  },
  close: {
    subject: (f, overage) =>
      `${f.month} 確定 コミット ${f.commit} の ${f.actualPercent}、${overage === null ? '超過なし' : `超過 ${overage}`}`,
    lead: (f) =>
      `${f.displayName} の ${f.month} (JST) の転送量 API による確定値です。請求書と突き合わせてください。請求量は API の値を上回ることがあります。`,
    noOverage: 'なし',
  },
  field: {
    contract: '契約',
    month: '対象月',
    commit: 'コミット',
    actual: '当月実績',
    closedTotal: '月間合計',
    p50: '月末予測 P50',
    p90: '月末予測 P90',
    overageP50: '超過見込み P50',
    overageP90: '超過見込み P90',
    overage: '超過',
    charge: '月額 + 超過料金',
    price: '超過単価',
    dataCompleteTo: 'データ確定時刻',
    method: '予測方式',
    daysLeft: '月末までの残り日数',
  },
  commitValue: (f) => `${f.commit} / 月 (月額 ${f.fee})`,
  monthValue: (month) => `${month} (JST)`,
  none: '-',
  methodHeldBack: (method, reason) => `${method} (通知は保留中: ${reason})`,
  noForecast: (reason) => `未算出 (${reason})`,
  notes: {
    noCap:
      'この通知は配信量を制限しません。CDN は配信を続け、コミットを超えた転送量は超過料金として請求されます。',
    source:
      '数値は CDN の転送量 API によるもので、請求書と異なる場合があります (請求書が正です)。データ確定時刻より後の時間帯は暫定値です。',
    transitionsOnly:
      '状態が変わったときに一度だけお知らせします。次の通知は解消したとき、または別のしきい値を超えたときです。',
    digestCadence: '毎日 09:00 (JST) に送信します。しきい値を超えたときの通知は別途すぐに送ります。',
    reconcile: '請求書の金額をこの値と並べて記録してください。その比率で請求と API の差がわかります。',
    incomplete: (to) => `データは ${to} までしか確定していません。合計はまだ少なめの可能性があります。`,
  },
};

import type { Language } from '../message/notification-message';

/**
 * Every word a mail shows, per language. Severity tags (`[CRITICAL]`, `[OK]`) are not translated: they
 * lead every subject in both languages so that one mail filter works for every org.
 */
export interface Labels {
  /** Subject qualifiers after the severity tag: `[CRITICAL][REPEAT]`, `[OK][RECOVERED]`, `[CRITICAL][DIGEST]`. */
  qualifier: { repeat: string; recovery: string; digest: string };
  /** First line of a body, before the status: `Alert: CRITICAL`. */
  headline: { alert: string; repeat: string; recovery: string; digest: string };
  digestCount(alerts: number, orgs: number): string;
  /** Orgs a digest subject does not name. */
  moreOrgs(count: number): string;
  /** Alerts folded into a digest without a table row. */
  notListed(count: number): string;
  wasStatus(previous: string): string;
  duration(seconds: number): string;
  field: {
    org: string;
    target: string;
    monitor: string;
    status: string;
    message: string;
    opened: string;
    closed: string;
    duration: string;
    alert: string;
    graph: string;
    window: string;
  };
  table: {
    status: string;
    org: string;
    target: string;
    message: string;
    opened: string;
    graph: string;
    /** A cross-org digest's per-org table. */
    alerts: string;
    worst: string;
  };
  links: string;
  runbook: string;
  noRunbook: string;
  footer(routeId: string, notificationId: string): string;
  /** Chat and paging messages (Slack, Teams, PagerDuty). */
  chat: {
    /** Alerts of a digest a message has no room for (or that were folded in without a row). */
    moreAlerts(count: number): string;
    /** Where to read the alerts a message leaves out. */
    seeConsole: string;
    seeMackerel: string;
    /** Buttons. */
    openAlert: string;
    openGraph: string;
    openConsole: string;
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Whole minutes, largest two units: `2 d 3 h`, `1 h 13 min`, `45 min`. */
function splitDuration(seconds: number): { d: number; h: number; m: number } {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  return { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60), m: minutes % 60 };
}

const en: Labels = {
  qualifier: { repeat: 'REPEAT', recovery: 'RECOVERED', digest: 'DIGEST' },
  headline: { alert: 'Alert', repeat: 'Still open', recovery: 'Recovered', digest: 'Digest' },
  digestCount: (alerts, orgs) => `${plural(alerts, 'alert')} in ${plural(orgs, 'org')}`,
  moreOrgs: (count) => `+${count} more`,
  notListed: (count) => `${plural(count, 'more alert')} not listed`,
  wasStatus: (previous) => `was ${previous}`,
  duration: (seconds) => {
    const { d, h, m } = splitDuration(seconds);
    if (d > 0) return `${d} d ${h} h`;
    if (h > 0) return `${h} h ${m} min`;
    return m > 0 ? `${m} min` : 'under 1 min';
  },
  field: {
    org: 'Org',
    target: 'Target',
    monitor: 'Monitor',
    status: 'Status',
    message: 'Message',
    opened: 'Opened',
    closed: 'Closed',
    duration: 'Duration',
    alert: 'Alert',
    graph: 'Graph',
    window: 'Window',
  },
  table: {
    status: 'Status',
    org: 'Org',
    target: 'Target',
    message: 'Message',
    opened: 'Opened (JST)',
    graph: 'Graph',
    alerts: 'Alerts',
    worst: 'Worst',
  },
  links: 'Links',
  runbook: 'Runbook (monitor memo)',
  noRunbook: '(the monitor has no memo)',
  footer: (routeId, id) => `Sent by msp-ops-pipeline for route ${routeId} (notification ${id}).`,
  chat: {
    moreAlerts: (count) => plural(count, 'more alert'),
    seeConsole: 'see the console',
    seeMackerel: 'see Mackerel',
    openAlert: 'Open in Mackerel',
    openGraph: 'Graph',
    openConsole: 'Open the console',
  },
};

const ja: Labels = {
  qualifier: { repeat: '再通知', recovery: '復旧', digest: 'まとめ' },
  headline: { alert: 'アラート発生', repeat: 'アラート継続中', recovery: 'アラート復旧', digest: 'まとめ' },
  digestCount: (alerts, orgs) => `${orgs} 組織で ${alerts} 件のアラート`,
  moreOrgs: (count) => `ほか ${count} 組織`,
  notListed: (count) => `ほか ${count} 件は一覧に含めていません`,
  wasStatus: (previous) => `変更前: ${previous}`,
  duration: (seconds) => {
    const { d, h, m } = splitDuration(seconds);
    if (d > 0) return `${d} 日 ${h} 時間`;
    if (h > 0) return `${h} 時間 ${m} 分`;
    return m > 0 ? `${m} 分` : '1 分未満';
  },
  field: {
    org: '組織',
    target: '対象',
    monitor: '監視ルール',
    status: 'ステータス',
    message: 'メッセージ',
    opened: '発生日時',
    closed: '復旧日時',
    duration: '継続時間',
    alert: 'アラート',
    graph: 'グラフ',
    window: '期間',
  },
  table: {
    status: 'ステータス',
    org: '組織',
    target: '対象',
    message: 'メッセージ',
    opened: '発生日時 (JST)',
    graph: 'グラフ',
    alerts: '件数',
    worst: '最も重い状態',
  },
  links: 'リンク',
  runbook: '対応手順 (監視ルールのメモ)',
  noRunbook: '(監視ルールにメモはありません)',
  footer: (routeId, id) => `msp-ops-pipeline から送信 (ルート ${routeId}、通知 ${id})`,
  chat: {
    moreAlerts: (count) => `ほか ${count} 件のアラート`,
    seeConsole: 'コンソールで確認してください',
    seeMackerel: 'Mackerel で確認してください',
    openAlert: 'Mackerel で開く',
    openGraph: 'グラフ',
    openConsole: 'コンソールで開く',
  },
};

export const LABELS: Readonly<Record<Language, Labels>> = { en, ja };

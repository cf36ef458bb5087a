import { formatJst } from '../../kernel/time/jst-format';
import { probeProblemsText } from '../findings/finding-detail';
import type { AuditLabels, SummaryCounts } from './audit-labels';

const KEY_PROBLEM = {
  'invalid-key': 'API キー無効',
  forbidden: 'API キー権限不足',
  'no-key': 'API キー未登録',
};
const KEY_DETAILS = {
  'invalid-key': 'Mackerel がキーを拒否しました (401)。キーを差し替えるまでこの組織は監査できません',
  forbidden:
    'Mackerel がキーを拒否しました (403)。読み取り権限がないか、組織の API アクセス元 IP 制限に掛かっています',
  'no-key': 'この組織の API キーが登録されていません',
};
const CHANNEL_PROBLEM = {
  missing: 'Webhook チャンネルなし',
  suspended: 'Webhook チャンネル停止中',
  'alerts-not-subscribed': 'Webhook チャンネルがアラートを通知しない設定',
};

const DRIFT_PROBLEM = {
  missing: '手動で削除',
  changed: '手動で変更',
  muted: '手動でミュート',
  duplicated: '同名が重複',
};

const findingCounts = (c: SummaryCounts): string =>
  `重大 ${c.critical} 件・警告 ${c.warning} 件・情報 ${c.info} 件`;

export const AUDIT_LABELS_JA: AuditLabels = {
  clauseSeparator: ' / ',
  separator: '、',
  unknown: '不明',
  more: (count) => `… ほか ${count} 件`,
  change: { appeared: '発生', changed: '変化', cleared: '解消' },
  title(f) {
    switch (f.kind) {
      case 'api-key':
        return KEY_PROBLEM[f.facts.errorKind];
      case 'org-mismatch':
        return `API キーが別組織 ${f.facts.actualOrg} のもの`;
      case 'audit-failing':
        return `監査の失敗が継続 (${f.facts.consecutiveFailures} 回)`;
      case 'webhook-channel':
        return CHANNEL_PROBLEM[f.facts.problem];
      case 'host-quota':
        return `ホスト数が${f.facts.band === 'over' ? '契約上限超過' : '上限に接近'} (${f.facts.billable}/${f.facts.max})`;
      case 'new-host':
        return `新規ホスト ${f.facts.host.name}`;
      case 'host-outside-networks':
        return `ホスト ${f.facts.host.name} が申告ネットワーク外`;
      case 'monitor-drift':
        return `監視ルール「${f.facts.monitor}」が${DRIFT_PROBLEM[f.facts.problem]}`;
      case 'probe-definition':
        return `外形監視の定義に問題 (probe ${f.facts.probeId}): ホスト ${f.facts.hostCount} 台`;
    }
  },
  several: (kind, count) => {
    if (kind === 'new-host') return `新規ホスト ${count} 台`;
    if (kind === 'monitor-drift') return `テンプレートと異なる監視ルール ${count} 件`;
    if (kind === 'probe-definition') return `定義に問題のある外形監視 ${count} 件`;
    return `申告ネットワーク外のホスト ${count} 台`;
  },
  resolved(f, count) {
    switch (f.kind) {
      case 'api-key':
        return 'API キー';
      case 'org-mismatch':
        return 'API キーの組織';
      case 'audit-failing':
        return '監査の失敗';
      case 'webhook-channel':
        return 'Webhook チャンネル';
      case 'host-quota':
        return 'ホスト数上限';
      case 'new-host':
        return count === 1 ? `新規ホスト ${f.facts.host.name} 削除` : `新規ホスト ${count} 台削除`;
      case 'host-outside-networks':
        return count === 1
          ? `ホスト ${f.facts.host.name} のネットワーク外`
          : `ネットワーク外のホスト ${count} 台`;
      case 'monitor-drift':
        return count === 1 ? `監視ルール「${f.facts.monitor}」の差分` : `監視ルール ${count} 件の差分`;
      case 'probe-definition':
        return count === 1 ? `外形監視 (probe ${f.facts.probeId}) の定義` : `外形監視 ${count} 件の定義`;
    }
  },
  resolvedTag: '解消',
  details(f) {
    switch (f.kind) {
      case 'api-key':
        return KEY_DETAILS[f.facts.errorKind];
      case 'org-mismatch':
        return `キーは組織「${f.facts.actualOrg}」のもので、「${f.facts.expectedOrg}」のものではありません。別組織のレコードに貼り付けられています`;
      case 'audit-failing':
        return `${formatJst(f.facts.failingSince)} から ${f.facts.consecutiveFailures} 回連続で失敗 (直近: ${f.facts.errorKind})`;
      case 'webhook-channel': {
        const channel = `チャンネル「${f.facts.channelName}」(${f.facts.channelId})`;
        if (f.facts.problem === 'missing')
          return 'この組織にパイプライン宛ての Webhook チャンネルがありません。アラートが誰にも届きません';
        if (f.facts.problem === 'alerts-not-subscribed') return `${channel} はアラートを通知しない設定です`;
        const since = f.facts.suspendedAt === null ? '' : ` (${formatJst(f.facts.suspendedAt)})`;
        return `${channel} は Mackerel により停止されました${since}。再開するまで何も送られてきません`;
      }
      case 'host-quota':
        return `課金対象ホスト ${f.facts.billable} 台 (警告 ${f.facts.warn} 台、契約上限 ${f.facts.max} 台)`;
      case 'new-host':
        return AUDIT_LABELS_JA.hostLine(f.facts.host);
      case 'host-outside-networks':
        return `${f.facts.host.name} (${f.facts.host.id}): ${f.facts.outsideAddresses.join('、')} が申告ネットワーク外`;
      case 'monitor-drift': {
        const what = {
          missing: 'はテンプレートにありますが Mackerel にありません (手動で削除されています)',
          changed: `がテンプレートと異なります (${f.facts.fields.join('、')})`,
          muted: 'は Mackerel でミュートされています (テンプレートではミュートなし)。誰にも通知されません',
          duplicated: 'が Mackerel に 2 件以上あります。どちらを更新するか push は推測しません',
        }[f.facts.problem];
        return `監視ルール「${f.facts.monitor}」${what}。msp-ops monitors diff --org で確認、monitors push で戻せます`;
      }
      case 'probe-definition': {
        const { probeId, hostCount } = f.facts;
        const list = probeProblemsText(f.facts, ' / ', (n) => `ほか ${n} 台`);
        return (
          `外形監視の定義に問題 (probe ${probeId}): ホスト ${hostCount} 台で実行できません: ${list}。` +
          'msp-ops probes list --org で確認し、probes set で定義を直してください'
        );
      }
    }
  },
  was: (text) => `変更前: ${text}`,
  hostLine: (h) =>
    `${h.name} (${h.id})、作成 ${h.createdAt === null ? '日時不明' : formatJst(h.createdAt)}、エージェント ${h.agentVersion ?? '不明'}、` +
    `${h.addresses.length > 0 ? h.addresses.join('、') : 'アドレスなし'}、${h.cloudProvider ?? 'クラウドなし'}`,
  quota: (billable, quota) => {
    if (billable === null) return '不明 (未監査)';
    return quota === undefined
      ? `${billable} 台 (上限未設定)`
      : `${billable} 台 (警告 ${quota.warn} 台、上限 ${quota.max} 台)`;
  },
  changeMail: {
    lead: (org, displayName, at, changed, cleared) =>
      `${org} (${displayName}) の監査 (${formatJst(at)}): 発生・変化 ${changed} 件、解消 ${cleared} 件。`,
    field: {
      org: '組織',
      auditedAt: '監査日時',
      billable: '課金対象ホスト',
      networks: '申告ネットワーク',
      standing: '継続中の所見',
    },
    networks: (cidrs) => (cidrs.length === 0 ? '申告なし (チェックしません)' : cidrs.join('、')),
    caption: { changes: '変化', newHosts: '新規ホスト', outside: '申告ネットワーク外のホスト' },
    column: {
      change: '変化',
      severity: '重要度',
      finding: '所見',
      details: '詳細',
      firstSeen: '初回検出 (JST)',
      host: 'ホスト',
      hostId: 'ホスト ID',
      created: '作成日時 (JST)',
      agent: 'エージェント',
      addresses: 'アドレス',
      cloud: 'クラウド',
      outside: 'ネットワーク外のアドレス',
    },
    cadence:
      '所見は発生・変化・解消のときにだけメールします。継続中の所見は毎日 9:00 (JST) のサマリーに載ります。',
    unexpectedHosts:
      '想定外のホストは API キー漏えい (誰でも読める mackerel-agent.conf など) の兆候かもしれません。登録した人を確認し、不明ならキーを差し替えてください。',
  },
  summary: {
    subject: (date, c) => {
      const found =
        c.orgsWithFindings === 0
          ? `${c.orgs} 組織すべて所見なし`
          : `${c.orgs} 組織中 ${c.orgsWithFindings} 組織に所見 (${findingCounts(c)})`;
      return `Mackerel 組織監査 ${date}: ${found}${c.notAudited > 0 ? `、未監査 ${c.notAudited} 組織` : ''}`;
    },
    lead: (date, c) =>
      `${date} (JST) 時点の Mackerel 組織監査で継続中の所見: ${c.orgs} 組織中 ${c.orgsWithFindings} 組織、${findingCounts(c)}。`,
    field: {
      date: '日付 (JST)',
      orgs: '組織数',
      notAudited: '直近の監査から漏れた組織',
      billable: '課金対象ホスト (全組織)',
      findings: '継続中の所見',
    },
    findingCounts,
    caption: {
      orgs: '組織',
      findings: '継続中の所見',
      notAudited: '直近の監査から漏れた組織',
      deadLetters: '再送されていないデッドレター',
    },
    replayHint:
      'デッドレターは、再試行を尽くしても処理できなかったメッセージです。原因を直してから再送してください: msp-ops deadletters list、msp-ops deadletters replay --all。',
    column: {
      org: '組織',
      billable: '課金対象ホスト',
      warn: '警告',
      max: '契約上限',
      lastAudited: '最終監査 (JST)',
      missedWebhooks: '取りこぼした Webhook',
      topic: 'トピック',
      deadLetters: 'デッドレター',
      severity: '重要度',
      finding: '所見',
      details: '詳細',
      since: '初回検出 (JST)',
    },
    never: 'なし',
    cadence: '各所見は発生時にメールしています。このサマリーは今も続いている所見の一覧です。',
  },
};

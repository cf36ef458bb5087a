/** Firestore collection names, in one place so adapters, seeds and infra indexes agree. */
export const COLLECTIONS = {
  orgs: 'orgs',
  /** Subcollection orgs/{org}/routes. */
  routes: 'routes',
  mspRoutes: 'mspRoutes',
  silences: 'silences',
  /** timeIntervals/{id}: named times (business hours) routes are active or muted in. */
  timeIntervals: 'timeIntervals',
  /** Inhibit rules: subcollection orgs/{org}/inhibitRules and MSP-wide inhibitRules/{id}. */
  inhibitRules: 'inhibitRules',
  /** routingVersions/{org} and routingVersions/*: stamps of the routing configuration, for the router's cache. */
  routingVersions: 'routingVersions',
  webhookTokens: 'webhookTokens',
  intakeBacklog: 'intakeBacklog',
  /** One record per notification: the mailer's sent-state (TTL on expiresAt). */
  deliveries: 'deliveries',
  /** Notifications the mailer gave up on, recorded by dead-letter-recorder. */
  deadLetters: 'deadLetters',
  /** Subcollections orgs/{org}/alerts and orgs/{org}/alertGroups: the router's alert state. */
  alerts: 'alerts',
  alertGroups: 'alertGroups',
  /** openAlerts/{org}__{kind}__{id}: every open alert of every org, beside its state (one query for Now). */
  openAlerts: 'openAlerts',
  /** Subcollection .../alerts/{id}/events: every event that reached an alert, applied or stale. */
  alertEvents: 'events',
  /** Subcollection orgs/{org}/hosts: the host inventory the router keeps from host events. */
  hosts: 'hosts',
  /** "Event routed" markers, dedupKeys/{org}__{key} (TTL on expiresAt). */
  dedupKeys: 'dedupKeys',
  /** Storm control: groupWindows/{scope} (the current window), groupDigests/{digestId} (a window with
   * folded alerts, until flushed) with its subcollection groupFolds/{notificationId},
   * recipientHours/{addr}__{hour} (and {chat target key}__m{minute}, a webhook's per-minute count). */
  groupWindows: 'groupWindows',
  /** groupWindowOpens/{scope}__after__{previous window start}: create-only, one successor per window. */
  groupWindowOpens: 'groupWindowOpens',
  groupDigests: 'groupDigests',
  groupFolds: 'groupFolds',
  recipientHours: 'recipientHours',
  /** Org audit: orgAudits/{org} (standing findings, host snapshot), orgs/{org}/hostCounts/{JST date}. */
  orgAudits: 'orgAudits',
  hostCounts: 'hostCounts',
  /** auditSummaries/{org}: the audit state without its host snapshot, for the console's pages. */
  auditSummaries: 'auditSummaries',
  /** hostIndex/{org}: the audit's host snapshot as one string, for searching hosts across orgs. */
  hostIndex: 'hostIndex',
  /** Reconciliation: missedWebhooks/{org}__{changeId}, one per missed webhook found (TTL on expiresAt). */
  missedWebhooks: 'missedWebhooks',
  /** CDN commit watch: cdnContracts/{id}, with subcollections hours/{hourStartUtc} (TTL on expiresAt) and
   * alertStates/{month}_{kind}_{band}. */
  cdnContracts: 'cdnContracts',
  cdnHours: 'hours',
  cdnAlertStates: 'alertStates',
  /** monitorPlans/{org}: what the last `monitors push` rendered for the org, for the audit's drift check. */
  monitorPlans: 'monitorPlans',
  /** External probes: probeDefinitions/{org} (the org's probes and settings, one document),
   * probeHosts/{org} (the org's hosts as last fetched for templates), probeRounds/{org}__{chunk} (each
   * chunk's last round: figures, problems, and the points a Mackerel outage left unposted). */
  probeDefinitions: 'probeDefinitions',
  probeHosts: 'probeHosts',
  probeRounds: 'probeRounds',
  /** consoleUsers/{email}: who may use the console, as viewer or operator. */
  consoleUsers: 'consoleUsers',
} as const;

/**
 * Consistency checks between infra/ (+ cloudbuild.yaml) and the code. Each check is a pure function of the
 * parsed infrastructure and the code's facts and returns its problems (empty = consistent), so tests can
 * run it on the real files and on mutated copies alike.
 */
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type { FunctionSpec, PushSubscriptionSpec, ScheduleSpec } from '../../shared/kernel/topology';
import {
  block,
  blocks,
  expr,
  type Infra,
  type Instance,
  instances,
  isObj,
  local,
  type Obj,
  parseRef,
  str,
  target,
} from './infra';

/** What the code says the infrastructure must be. */
export interface Topology {
  /** Folders under functions/. */
  functionFolders: readonly string[];
  functions: readonly FunctionSpec[];
  /** ALL_TOPICS */
  topics: readonly string[];
  pushSubscriptions: readonly PushSubscriptionSpec[];
  deliveryPolicy: {
    ackDeadlineSeconds: number;
    minBackoffSeconds: number;
    maxBackoffSeconds: number;
    maxDeliveryAttempts: number;
  };
  schedules: readonly ScheduleSpec[];
  deadLetterTopicOf: (topic: string) => string;
  runtime: string;
  /** Function name -> the zod object its handler parses process.env with. */
  configSchemas: Readonly<Record<string, z.ZodObject>>;
  /** Variables the platform sets or that are declared only to avoid plan diffs; no schema knows them. */
  platformEnv: readonly string[];
  /** Topic -> schema of the message data its consumer parses (scheduler payloads must pass it). */
  payloadSchemas: Readonly<Record<string, z.ZodType>>;
  /** Firestore collections the code uses (COLLECTIONS) and those declared ahead with a TTL policy. */
  collections: readonly string[];
  ttlCollections: readonly string[];
  /** Every message string the code passes to logger.info/warn/error. */
  logMessages: readonly string[];
}

export type Check = (infra: Infra, topology: Topology) => string[];

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

const functionInstances = (infra: Infra) => instances(infra, 'google_cloudfunctions2_function');

const nameOf = (i: Instance | undefined): string | undefined =>
  i === undefined ? undefined : (str(i.body.name) ?? str(i.body.secret_id) ?? str(i.body.account_id));

/** Resolves a `${type.name["key"].attr}` value to the referenced instance when it has the given type. */
function refTo(infra: Infra, value: unknown, type: string): Instance | undefined {
  const ref = parseRef(value);
  if (!ref || ref.type !== type) return undefined;
  return target(infra, ref);
}

/** Name of the topic a value refers to (a google_pubsub_topic reference, or a literal name). */
function topicName(infra: Infra, value: unknown): string | undefined {
  const ref = parseRef(value);
  if (ref) return ref.type === 'google_pubsub_topic' ? nameOf(target(infra, ref)) : undefined;
  const literal = str(value);
  return literal?.replace(/^projects\/[^/]+\/topics\//, '');
}

function serviceConfig(fn: Instance): Obj {
  return block(fn.body.service_config) ?? {};
}

function isPublicSpec(spec: FunctionSpec | undefined): boolean {
  return spec?.trigger.kind === 'http' && spec.trigger.public;
}

// ---------------------------------------------------------------------------------------------------------
// IAM grants
// ---------------------------------------------------------------------------------------------------------

export interface Grant {
  address: string;
  role: string;
  /** sa:<account_id>, pubsub-service-agent, allUsers, allAuthenticatedUsers, or member:<raw>. */
  principal: string;
  /** project, topic:<name>, subscription:<name>, run-service:<name>, secret:<id>, ... */
  scope: string;
}

const IAM_TARGETS: Record<string, { attr: string; kind: string } | undefined> = {
  google_project_iam: { attr: 'project', kind: 'project' },
  google_pubsub_topic_iam: { attr: 'topic', kind: 'topic' },
  google_pubsub_subscription_iam: { attr: 'subscription', kind: 'subscription' },
  google_cloud_run_service_iam: { attr: 'service', kind: 'run-service' },
  google_cloud_run_v2_service_iam: { attr: 'name', kind: 'run-service' },
  google_cloudfunctions2_function_iam: { attr: 'cloud_function', kind: 'function' },
  google_secret_manager_secret_iam: { attr: 'secret_id', kind: 'secret' },
  google_service_account_iam: { attr: 'service_account_id', kind: 'service-account' },
  google_storage_bucket_iam: { attr: 'bucket', kind: 'bucket' },
};

function principalOf(infra: Infra, member: string): string {
  if (member === 'allUsers' || member === 'allAuthenticatedUsers') return member;
  if (/@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/.test(member)) return 'pubsub-service-agent';
  const sa = /^serviceAccount:(.*)$/.exec(member)?.[1];
  const account = sa === undefined ? undefined : refTo(infra, sa, 'google_service_account');
  const accountId = str(account?.body.account_id);
  return accountId === undefined ? `member:${member}` : `sa:${accountId}`;
}

/** Every IAM grant declared, plus problems for IAM resources the tests cannot read. */
export function iamGrants(infra: Infra): { grants: Grant[]; problems: string[] } {
  const grants: Grant[] = [];
  const problems: string[] = [];
  for (const type of Object.keys(infra.resources)) {
    const kind = /^(.*_iam)_(member|binding|policy)$/.exec(type);
    if (!kind?.[1]) continue;
    if (kind[2] === 'policy') {
      problems.push(`${type}: authoritative IAM policies replace grants made elsewhere; use *_iam_member`);
      continue;
    }
    const spec = IAM_TARGETS[kind[1]];
    for (const inst of instances(infra, type)) {
      if (!spec) {
        problems.push(`${inst.address}: IAM resource type unknown to the infra tests`);
        continue;
      }
      const role = str(inst.body.role) ?? '?';
      const raw = inst.body[spec.attr];
      let scope = spec.kind;
      if (spec.kind !== 'project') {
        const ref = parseRef(raw);
        const name = ref ? nameOf(target(infra, ref)) : str(raw);
        scope = `${spec.kind}:${name ?? String(raw)}`;
      }
      const members =
        kind[2] === 'binding' ? blocksOfStrings(inst.body.members) : [str(inst.body.member) ?? ''];
      for (const member of members) {
        grants.push({ address: inst.address, role, principal: principalOf(infra, member), scope });
      }
    }
  }
  return { grants, problems };
}

function blocksOfStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const PUBLIC_PRINCIPALS = new Set(['allUsers', 'allAuthenticatedUsers']);

// ---------------------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------------------

export const checkFunctions: Check = (infra, t) => {
  const problems: string[] = [];
  const declared = new Set(t.functions.map((f) => f.name));
  for (const folder of t.functionFolders) {
    if (!declared.has(folder)) problems.push(`functions/${folder} is not in FUNCTIONS (topology)`);
  }
  for (const spec of t.functions) {
    if (!t.functionFolders.includes(spec.name))
      problems.push(`FUNCTIONS has ${spec.name} but functions/ does not`);
  }

  const deployed = functionInstances(infra);
  const names = new Set([...t.functionFolders, ...declared]);
  for (const fn of deployed) {
    const name = str(fn.body.name);
    if (name === undefined || !names.has(name)) {
      problems.push(
        `${fn.address} deploys ${name ?? '(unresolved name)'}, which has no folder in functions/`,
      );
    } else if (fn.key !== undefined && fn.key !== name) {
      problems.push(`${fn.address}: for_each key and function name differ (${name})`);
    }
  }
  const accounts = new Map<string, string>();
  for (const name of [...names].sort()) {
    const matches = deployed.filter((fn) => fn.body.name === name);
    if (matches.length !== 1) {
      problems.push(`functions/${name} has ${matches.length} google_cloudfunctions2_function (expected 1)`);
      continue;
    }
    const [fn] = matches;
    if (!fn) continue;
    const spec = t.functions.find((f) => f.name === name);
    const build = block(fn.body.build_config) ?? {};
    if (spec && build.entry_point !== spec.entryPoint) {
      problems.push(
        `${name}: entry_point is ${String(build.entry_point)}, the code registers ${spec.entryPoint}`,
      );
    }
    if (build.runtime !== t.runtime)
      problems.push(`${name}: runtime ${String(build.runtime)}, expected ${t.runtime}`);

    // Source: a bucket object named by the content hash of an archive of dist/functions/<name>.
    const storage = block(block(build.source)?.storage_source);
    const object = refTo(infra, storage?.object, 'google_storage_bucket_object');
    const objectName = str(object?.body.name) ?? '';
    const archiveRef =
      /\$\{data\.archive_file\.([\w-]+)(?:\["([^"]*)"\])?\.output_(?:md5|sha|sha256|sha512|base64sha256|base64sha512)\}/.exec(
        objectName,
      );
    const archive = archiveRef?.[1]
      ? instances(infra, 'archive_file', archiveRef[1], 'data').find((a) => a.key === archiveRef[2])
      : undefined;
    const sourceDir = str(archive?.body.source_dir)?.replace(/\/+$/, '') ?? '';
    if (!object) problems.push(`${name}: source is not a google_storage_bucket_object of this configuration`);
    else if (!archive) problems.push(`${name}: source object name carries no archive_file content hash`);
    else if (!sourceDir.endsWith(`/dist/functions/${name}`)) {
      problems.push(`${name}: archive zips ${sourceDir || '?'}, not dist/functions/${name}`);
    }

    const account = refTo(infra, serviceConfig(fn).service_account_email, 'google_service_account');
    const accountId = str(account?.body.account_id);
    if (accountId !== `fn-${name}`) {
      problems.push(`${name}: runs as ${accountId ?? 'an unknown account'}, expected its own fn-${name}`);
    } else if (accounts.has(accountId)) {
      problems.push(`${name}: shares service account ${accountId} with ${accounts.get(accountId)}`);
    } else accounts.set(accountId, name);
  }
  return problems;
};

// ---------------------------------------------------------------------------------------------------------
// Pub/Sub
// ---------------------------------------------------------------------------------------------------------

export const checkTopics: Check = (infra, t) => {
  const problems: string[] = [];
  const declared = instances(infra, 'google_pubsub_topic').map((i) => str(i.body.name) ?? i.address);
  for (const topic of t.topics) {
    const count = declared.filter((d) => d === topic).length;
    if (count !== 1) problems.push(`topic ${topic} is declared ${count} times (expected 1)`);
  }
  for (const name of new Set(declared)) {
    if (!t.topics.includes(name)) problems.push(`topic ${name} is not in ALL_TOPICS`);
  }
  return problems;
};

const seconds = (n: number) => `${n}s`;

export const checkPushSubscriptions: Check = (infra, t) => {
  const problems: string[] = [];
  const subs = instances(infra, 'google_pubsub_subscription');
  const push = subs.filter((s) => block(s.body.push_config) !== undefined);
  const { grants } = iamGrants(infra);
  const has = (principal: string, role: string, scope: string) =>
    grants.some((g) => g.principal === principal && g.role === role && g.scope === scope);

  for (const spec of t.pushSubscriptions) {
    const sub = push.find((s) => s.body.name === spec.name);
    if (!sub) {
      problems.push(`push subscription ${spec.name} is missing`);
      continue;
    }
    const where = `subscription ${spec.name}`;
    const topic = topicName(infra, sub.body.topic);
    if (topic !== spec.topic) problems.push(`${where}: reads ${topic ?? '?'}, expected ${spec.topic}`);

    const config = block(sub.body.push_config) ?? {};
    const endpoint = parseRef(config.push_endpoint);
    const fn =
      endpoint?.type === 'google_cloudfunctions2_function' ? endpoint && target(infra, endpoint) : undefined;
    if (
      !fn ||
      fn.body.name !== spec.functionName ||
      !['service_config[0].uri', 'url'].includes(endpoint?.attr ?? '')
    ) {
      problems.push(
        `${where}: push_endpoint ${String(config.push_endpoint)} is not ${spec.functionName}'s URI`,
      );
    }
    const oidc = block(config.oidc_token);
    const pushAccount = refTo(infra, oidc?.service_account_email, 'google_service_account');
    const pushAccountId = str(pushAccount?.body.account_id);
    if (!pushAccountId) problems.push(`${where}: no OIDC token with a service account of this configuration`);
    else if (!has(`sa:${pushAccountId}`, 'roles/run.invoker', `run-service:${spec.functionName}`)) {
      problems.push(
        `${where}: push identity ${pushAccountId} lacks roles/run.invoker on ${spec.functionName}`,
      );
    }

    if (sub.body.ack_deadline_seconds !== spec.ackDeadlineSeconds) {
      problems.push(
        `${where}: ack_deadline_seconds ${String(sub.body.ack_deadline_seconds)}, expected ${spec.ackDeadlineSeconds}`,
      );
    }
    const retry = block(sub.body.retry_policy);
    if (
      retry?.minimum_backoff !== seconds(spec.minBackoffSeconds) ||
      retry.maximum_backoff !== seconds(spec.maxBackoffSeconds)
    ) {
      problems.push(
        `${where}: retry_policy ${JSON.stringify(retry ?? null)}, expected ${spec.minBackoffSeconds}s..${spec.maxBackoffSeconds}s`,
      );
    }
    const dead = block(sub.body.dead_letter_policy);
    const deadTopic = dead ? topicName(infra, dead.dead_letter_topic) : undefined;
    if (!dead) problems.push(`${where}: no dead_letter_policy`);
    else {
      if (deadTopic !== t.deadLetterTopicOf(spec.topic) || deadTopic !== spec.deadLetterTopic) {
        problems.push(
          `${where}: dead-letter topic ${deadTopic ?? '?'}, expected ${t.deadLetterTopicOf(spec.topic)}`,
        );
      }
      if (dead.max_delivery_attempts !== spec.maxDeliveryAttempts) {
        problems.push(
          `${where}: max_delivery_attempts ${String(dead.max_delivery_attempts)}, expected ${spec.maxDeliveryAttempts}`,
        );
      }
    }
    if (block(sub.body.expiration_policy)?.ttl !== '')
      problems.push(`${where}: would expire when idle (set expiration_policy ttl = "")`);

    // Pub/Sub's service agent forwards dead letters: publish on the dead-letter topic, ack on the source.
    if (!has('pubsub-service-agent', 'roles/pubsub.publisher', `topic:${spec.deadLetterTopic}`)) {
      problems.push(`${where}: Pub/Sub service agent cannot publish to ${spec.deadLetterTopic}`);
    }
    if (!has('pubsub-service-agent', 'roles/pubsub.subscriber', `subscription:${spec.name}`)) {
      problems.push(`${where}: Pub/Sub service agent is not subscriber on it (dead-lettering fails)`);
    }

    const timeout = fn ? serviceConfig(fn).timeout_seconds : undefined;
    if (typeof timeout !== 'number' || timeout > spec.ackDeadlineSeconds) {
      problems.push(
        `${where}: ${spec.functionName} timeout ${String(timeout)} s exceeds the ${spec.ackDeadlineSeconds} s ack deadline`,
      );
    }
  }

  for (const sub of push) {
    if (!t.pushSubscriptions.some((s) => s.name === sub.body.name)) {
      problems.push(`push subscription ${String(sub.body.name)} is not in PUSH_SUBSCRIPTIONS`);
    }
  }

  // Dead letters forwarded to a topic without subscriptions are dropped: each needs a retaining pull one.
  for (const deadTopic of new Set(t.pushSubscriptions.map((s) => s.deadLetterTopic))) {
    const hold = subs.find((s) => !block(s.body.push_config) && topicName(infra, s.body.topic) === deadTopic);
    if (!hold)
      problems.push(`dead-letter topic ${deadTopic} has no pull subscription to retain its messages`);
    else if (block(hold.body.expiration_policy)?.ttl !== '')
      problems.push(`${hold.address}: would expire when idle`);
  }
  return problems;
};

// ---------------------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------------------

/** Variables a zod object requires: those whose field rejects undefined (not optional, no default). */
export function requiredKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
}

function secretEnvKeys(config: Obj): { keys: string[]; problems: string[] } {
  const keys = blocks(config.secret_environment_variables).map((b) => str(b.key) ?? '?');
  const problems: string[] = [];
  const dynamic = isObj(config.dynamic) ? blocks(config.dynamic.secret_environment_variables) : [];
  for (const d of dynamic) {
    if (isObj(d.for_each)) keys.push(...Object.keys(d.for_each));
    else
      problems.push(
        `dynamic secret_environment_variables for_each ${JSON.stringify(d.for_each)} is not readable`,
      );
  }
  return { keys, problems };
}

export const checkEnvironment: Check = (infra, t) => {
  const problems: string[] = [];
  for (const fn of functionInstances(infra)) {
    const name = str(fn.body.name) ?? fn.address;
    const schema = t.configSchemas[name];
    if (!schema) {
      problems.push(`${name}: no config schema registered for it in the infra test`);
      continue;
    }
    const config = serviceConfig(fn);
    const env = config.environment_variables ?? {};
    if (!isObj(env)) {
      problems.push(`${name}: environment_variables ${JSON.stringify(env)} is not readable`);
      continue;
    }
    const secrets = secretEnvKeys(config);
    problems.push(...secrets.problems.map((p) => `${name}: ${p}`));
    const set = [...Object.keys(env), ...secrets.keys];
    const known = new Set([...Object.keys(schema.shape), ...t.platformEnv]);
    for (const key of set) {
      if (!known.has(key)) problems.push(`${name}: sets ${key}, which its config schema does not know`);
    }
    for (const key of Object.keys(env).filter((k) => secrets.keys.includes(k))) {
      problems.push(`${name}: ${key} is both a plain and a secret variable`);
    }
    for (const key of requiredKeys(schema)) {
      if (!set.includes(key)) problems.push(`${name}: required variable ${key} is not set`);
    }
    // Literal values must pass their field (values from var.* etc. are checked at start by loadConfig).
    for (const [key, value] of Object.entries(env)) {
      const field = schema.shape[key];
      if (field && typeof value === 'string' && !value.includes('${') && !field.safeParse(value).success) {
        problems.push(`${name}: ${key}=${JSON.stringify(value)} is rejected by its config schema`);
      }
    }
  }
  return problems;
};

// ---------------------------------------------------------------------------------------------------------
// Scheduler
// ---------------------------------------------------------------------------------------------------------

export const checkSchedules: Check = (infra, t) => {
  const problems: string[] = [];
  const jobs = instances(infra, 'google_cloud_scheduler_job');
  for (const spec of t.schedules) {
    const matches = jobs.filter((j) => j.body.name === spec.name);
    const [job] = matches;
    if (matches.length !== 1 || !job) {
      problems.push(`schedule ${spec.name} has ${matches.length} scheduler jobs (expected 1)`);
      continue;
    }
    const where = `scheduler job ${spec.name}`;
    if (job.body.time_zone !== 'Asia/Tokyo' || job.body.time_zone !== spec.timeZone) {
      problems.push(`${where}: time_zone ${String(job.body.time_zone)}, expected ${spec.timeZone}`);
    }
    if (job.body.schedule !== spec.cron)
      problems.push(`${where}: schedule ${String(job.body.schedule)}, expected ${spec.cron}`);
    const target = block(job.body.pubsub_target);
    if (!target) {
      problems.push(`${where}: has no pubsub_target`);
      continue;
    }
    const topic = topicName(infra, target.topic_name);
    if (topic !== spec.topic) problems.push(`${where}: publishes to ${topic ?? '?'}, expected ${spec.topic}`);
    if (!t.pushSubscriptions.some((s) => s.topic === spec.topic)) {
      problems.push(`${where}: nothing subscribes to ${spec.topic}; its messages would be dropped`);
    }

    const data = str(target.data);
    let payload: unknown;
    try {
      if (data === undefined || data.includes('${')) throw new Error('not a literal');
      payload = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
    } catch {
      problems.push(
        `${where}: data ${JSON.stringify(target.data)} is not base64encode(jsonencode(<literal>))`,
      );
      continue;
    }
    if (!isDeepStrictEqual(payload, spec.payload)) {
      problems.push(
        `${where}: payload ${JSON.stringify(payload)}, SCHEDULES says ${JSON.stringify(spec.payload)}`,
      );
    }
    const schema = t.payloadSchemas[spec.topic];
    if (!schema) problems.push(`${where}: no consumer schema registered for topic ${spec.topic}`);
    else if (!schema.safeParse(payload).success) {
      problems.push(
        `${where}: payload ${JSON.stringify(payload)} is rejected by the ${spec.topic} consumer's schema`,
      );
    }
  }
  for (const job of jobs) {
    if (!t.schedules.some((s) => s.name === job.body.name))
      problems.push(`scheduler job ${String(job.body.name)} is not in SCHEDULES`);
  }
  return problems;
};

// ---------------------------------------------------------------------------------------------------------
// Exposure and IAM
// ---------------------------------------------------------------------------------------------------------

export const checkPublicExposure: Check = (infra, t) => {
  const problems: string[] = [];
  const publicNames = new Set(t.functions.filter(isPublicSpec).map((f) => f.name));
  for (const fn of functionInstances(infra)) {
    const name = str(fn.body.name) ?? fn.address;
    const ingress = serviceConfig(fn).ingress_settings;
    const expected = publicNames.has(name) ? 'ALLOW_ALL' : 'ALLOW_INTERNAL_ONLY';
    if (ingress !== expected)
      problems.push(`${name}: ingress_settings ${String(ingress)}, expected ${expected}`);
  }
  const { grants } = iamGrants(infra);
  for (const g of grants.filter((g) => PUBLIC_PRINCIPALS.has(g.principal))) {
    const service = /^(?:run-service|function):(.*)$/.exec(g.scope)?.[1];
    if (g.role !== 'roles/run.invoker' || service === undefined || !publicNames.has(service)) {
      problems.push(
        `${g.address}: ${g.principal} gets ${g.role} on ${g.scope}; only public functions may be public`,
      );
    }
  }
  for (const name of publicNames) {
    const open = grants.some(
      (g) =>
        g.principal === 'allUsers' && g.role === 'roles/run.invoker' && g.scope === `run-service:${name}`,
    );
    if (!open) problems.push(`${name} is public in the topology but allUsers lacks roles/run.invoker on it`);
  }
  return problems;
};

/** principal -> the grants (`<role> on <scope>`) it must hold, and may hold. */
export type IamAllowList = Readonly<Record<string, readonly string[]>>;

export const checkIam =
  (allow: IamAllowList): Check =>
  (infra) => {
    const { grants, problems } = iamGrants(infra);
    const held = new Map<string, Set<string>>();
    for (const g of grants) {
      if (PUBLIC_PRINCIPALS.has(g.principal)) continue; // checkPublicExposure owns these
      const grant = `${g.role} on ${g.scope}`;
      const allowed = allow[g.principal];
      if (!allowed)
        problems.push(`${g.address}: ${g.principal} is not in the IAM allow-list (holds ${grant})`);
      else if (!allowed.includes(grant))
        problems.push(`${g.address}: ${g.principal} holds ${grant}, outside its allow-list`);
      const set = held.get(g.principal) ?? new Set<string>();
      set.add(grant);
      held.set(g.principal, set);
    }
    for (const [principal, expected] of Object.entries(allow)) {
      for (const grant of expected) {
        if (!held.get(principal)?.has(grant)) problems.push(`${principal} is missing ${grant}`);
      }
    }
    return problems;
  };

// ---------------------------------------------------------------------------------------------------------
// Firestore, monitoring, APIs, Terraform settings
// ---------------------------------------------------------------------------------------------------------

export const checkFirestore: Check = (infra, t) => {
  const problems: string[] = [];
  const dbs = instances(infra, 'google_firestore_database');
  if (dbs.length !== 1 || dbs[0]?.body.name !== '(default)' || dbs[0]?.body.type !== 'FIRESTORE_NATIVE') {
    problems.push('expected exactly one google_firestore_database "(default)" in FIRESTORE_NATIVE mode');
  }
  const fields = instances(infra, 'google_firestore_field');
  for (const collection of t.ttlCollections) {
    const ttl = fields.find(
      (f) =>
        f.body.collection === collection &&
        f.body.field === 'expiresAt' &&
        block(f.body.ttl_config) !== undefined,
    );
    if (!ttl) problems.push(`collection ${collection} has no TTL policy on expiresAt`);
  }
  const known = new Set([...t.collections, ...t.ttlCollections]);
  for (const i of [...fields, ...instances(infra, 'google_firestore_index')]) {
    if (!known.has(str(i.body.collection) ?? '')) {
      problems.push(`${i.address}: collection ${String(i.body.collection)} is unknown to the code`);
    }
  }
  return problems;
};

export const checkMonitoring: Check = (infra, t) => {
  const problems: string[] = [];
  const channels = instances(infra, 'google_monitoring_notification_channel');
  const email = channels.find(
    (c) =>
      c.body.type === 'email' &&
      isObj(c.body.labels) &&
      c.body.labels.email_address === expr('var.alert_email'),
  );
  if (!email) problems.push('no email notification channel sending to var.alert_email');

  const policies = instances(infra, 'google_monitoring_alert_policy');
  const conditions = policies.flatMap((p) =>
    blocks(p.body.conditions).map((c) => ({
      policy: p,
      threshold: block(c.condition_threshold),
      absent: block(c.condition_absent),
    })),
  );
  for (const p of policies) {
    const notifies = blocksOfStrings(p.body.notification_channels).some(
      (c) => parseRef(c)?.type === 'google_monitoring_notification_channel',
    );
    if (!notifies) problems.push(`${p.address}: notifies no channel`);
  }
  const metrics = instances(infra, 'google_logging_metric');
  const metricFilterIn = (filter: unknown, metric: Instance) =>
    typeof filter === 'string' &&
    filter.includes(`logging.googleapis.com/user/\${google_logging_metric.${metric.name}.name}`);

  // Dead letters: a threshold on num_undelivered_messages matching every dead-letter hold subscription.
  const holds = instances(infra, 'google_pubsub_subscription').filter(
    (s) =>
      !block(s.body.push_config) &&
      t.pushSubscriptions.some((p) => p.deadLetterTopic === topicName(infra, s.body.topic)),
  );
  const deadLetterFilters = conditions
    .map((c) => str(c.threshold?.filter) ?? '')
    .filter((f) => f.includes('pubsub.googleapis.com/subscription/num_undelivered_messages'));
  for (const hold of holds) {
    const name = str(hold.body.name) ?? '';
    const covered = deadLetterFilters.some((f) => {
      const suffix = /subscription_id\s*=\s*ends_with\("([^"]+)"\)/.exec(f)?.[1];
      return f.includes(`"${name}"`) || (suffix !== undefined && name.endsWith(suffix));
    });
    if (!covered) problems.push(`no alert on undelivered messages of dead-letter subscription ${name}`);
  }

  // ERROR logs from the functions.
  const errorMetric = metrics.find((m) => /severity\s*>=\s*ERROR/.test(str(m.body.filter) ?? ''));
  if (!errorMetric) problems.push('no log-based metric counting severity>=ERROR');
  else if (!conditions.some((c) => metricFilterIn(c.threshold?.filter, errorMetric))) {
    problems.push(`no alert on ${errorMetric.address}`);
  }

  // Intake (every public function) 5xx.
  for (const spec of t.functions.filter(isPublicSpec)) {
    const fiveXx = conditions.some((c) => {
      const f = str(c.threshold?.filter) ?? '';
      return (
        f.includes('run.googleapis.com/request_count') &&
        f.includes('response_code_class="5xx"') &&
        (f.includes(`service_name="${spec.name}"`) ||
          f.includes(`service_name="\${google_cloudfunctions2_function.function["${spec.name}"].name}"`))
      );
    });
    if (!fiveXx) problems.push(`no alert on 5xx responses of ${spec.name}`);
  }

  // No events: a metric on intake's "webhook accepted" log line, alerted on absence for 6 h.
  const accepted = metrics.find((m) => (str(m.body.filter) ?? '').includes('webhook accepted'));
  const pattern = accepted
    ? /jsonPayload\.message\s*=~\s*"([^"]+)"/.exec(str(accepted.body.filter) ?? '')?.[1]
    : undefined;
  if (!accepted || pattern === undefined)
    problems.push('no log-based metric on jsonPayload.message =~ "webhook accepted"');
  else {
    const regex = new RegExp(pattern);
    if (!t.logMessages.some((m) => regex.test(m))) {
      problems.push(`${accepted.address}: /${pattern}/ matches no log message in the code`);
    }
    const absent = conditions.find((c) => metricFilterIn(c.absent?.filter, accepted));
    if (!absent) problems.push(`no absence alert on ${accepted.address}`);
    else if (absent.absent?.duration !== '21600s') {
      problems.push(
        `${absent.policy.address}: absence window ${String(absent.absent?.duration)}, expected 21600s (6 h)`,
      );
    }
  }
  return problems;
};

const API_OF_PREFIX: [string, string[]][] = [
  [
    'google_cloudfunctions2_',
    [
      'cloudfunctions.googleapis.com',
      'run.googleapis.com',
      'cloudbuild.googleapis.com',
      'artifactregistry.googleapis.com',
    ],
  ],
  ['google_cloud_run_', ['run.googleapis.com']],
  ['google_pubsub_', ['pubsub.googleapis.com']],
  ['google_cloud_scheduler_', ['cloudscheduler.googleapis.com']],
  ['google_firestore_', ['firestore.googleapis.com']],
  ['google_secret_manager_', ['secretmanager.googleapis.com']],
  ['google_monitoring_', ['monitoring.googleapis.com']],
  ['google_logging_', ['logging.googleapis.com']],
  ['google_service_account', ['iam.googleapis.com']],
  ['google_storage_', ['storage.googleapis.com']],
  ['google_project_iam_', ['cloudresourcemanager.googleapis.com']],
];

export const checkApis: Check = (infra) => {
  const enabled = new Set(instances(infra, 'google_project_service').map((s) => str(s.body.service) ?? ''));
  const problems: string[] = [];
  for (const type of Object.keys(infra.resources)) {
    for (const [prefix, apis] of API_OF_PREFIX) {
      if (!type.startsWith(prefix)) continue;
      for (const api of apis)
        if (!enabled.has(api)) problems.push(`${type} needs ${api}, which apis.tf does not enable`);
    }
  }
  return [...new Set(problems)];
};

export const checkTerraformSettings: Check = (infra) => {
  const problems: string[] = [];
  const tf = infra.terraform;
  if (!tf.some((b) => typeof b.required_version === 'string'))
    problems.push('terraform.required_version is not set');
  const google = tf
    .flatMap((b) => blocks(b.required_providers))
    .map((p) => p.google)
    .find(isObj);
  if (google?.source !== 'hashicorp/google' || !/^~>\s*\d+\.\d+/.test(str(google.version) ?? '')) {
    problems.push('hashicorp/google is not pinned with a ~> constraint');
  }
  const gcs = tf
    .map((b) => (isObj(b.backend) ? block(b.backend.gcs) : undefined))
    .find((g) => g !== undefined);
  if (!gcs) problems.push('no gcs backend');
  else if ('bucket' in gcs) problems.push('the gcs backend bucket must be supplied at init, not hard-coded');
  const region = infra.variables.region;
  if (region?.default !== 'asia-northeast1') problems.push('variable region must default to asia-northeast1');
  for (const v of ['project_id', 'alert_email', 'source_archive_bucket', 'orgs']) {
    if (!(v in infra.variables)) problems.push(`variable ${v} is not declared`);
  }
  // The per-function settings map is what adding a function means; keep it literal.
  if (!isObj(local(infra, 'functions'))) problems.push('local.functions must be a map');
  return problems;
};

// ---------------------------------------------------------------------------------------------------------
// cloudbuild.yaml
// ---------------------------------------------------------------------------------------------------------

interface Step {
  index: number;
  image: string;
  command: string;
}

function stepsOf(cloudbuild: Obj): Step[] {
  const steps = Array.isArray(cloudbuild.steps) ? cloudbuild.steps.filter(isObj) : [];
  return steps.map((s, index) => {
    const args = Array.isArray(s.args) ? s.args.map(String) : [];
    const entrypoint = str(s.entrypoint);
    const shell =
      entrypoint !== undefined &&
      ['sh', 'bash', '/bin/sh', '/bin/bash'].includes(entrypoint) &&
      args[0] === '-c';
    const image = str(s.name) ?? '';
    // Without an entrypoint, hashicorp/terraform runs `terraform <args>`; node images run args as a command.
    const implicit = entrypoint ?? (image.startsWith('hashicorp/terraform') ? 'terraform' : undefined);
    const command = shell
      ? args.slice(1).join('\n')
      : [implicit, ...args].filter((a) => a !== undefined).join(' ');
    return { index, image, command: command.trim() };
  });
}

export function checkCloudBuild(cloudbuild: Obj, testCommand: string): string[] {
  const problems: string[] = [];
  const steps = stepsOf(cloudbuild);
  const find = (image: string, predicate: (command: string) => boolean) =>
    steps.find((s) => s.image.startsWith(image) && predicate(s.command));

  const install = find('node:20', (c) => c === 'npm ci' || c.startsWith('npm ci '));
  const lint = find('node:20', (c) => c === 'npm run lint');
  const test = find('node:20', (c) => c === testCommand);
  const build = find('node:20', (c) => c === 'npm run build');
  const init = find('hashicorp/terraform:1.9', (c) => /^terraform init\b/.test(c));
  const plan = find(
    'hashicorp/terraform:1.9',
    (c) => /^terraform plan\b/.test(c) && /-out[= ]tfplan\b/.test(c),
  );
  const applies = steps.filter(
    (s) => /terraform apply\b/.test(s.command) || /^terraform\b.*\bapply\b/.test(s.command),
  );

  if (!install) problems.push('no node:20 step runs npm ci');
  if (!lint) problems.push('no node:20 step runs npm run lint');
  if (!test) problems.push(`no node:20 step runs the README's test command exactly: ${testCommand}`);
  if (!build) problems.push('no node:20 step runs npm run build');
  if (!init) problems.push('no hashicorp/terraform:1.9 step runs terraform init');
  else if (!/-backend-config=bucket=\$\{?_TF_STATE_BUCKET\}?/.test(init.command)) {
    problems.push('terraform init does not take the state bucket from $_TF_STATE_BUCKET');
  }
  if (!plan) problems.push('no hashicorp/terraform:1.9 step runs terraform plan -out=tfplan');
  if (applies.length === 0) problems.push('no step applies the plan');
  for (const apply of applies) {
    const guarded =
      /if \[ "\$\{?_APPLY\}?" = "true" \]/.test(apply.command) &&
      /terraform apply\b[^\n]*\btfplan\b/.test(apply.command);
    if (!guarded)
      problems.push(`step ${apply.index} applies without the _APPLY == "true" guard or not the saved tfplan`);
    if (plan && apply.index < plan.index) problems.push('terraform apply runs before terraform plan');
  }
  const order: [Step | undefined, Step | undefined, string][] = [
    [install, test, 'npm ci must run before the tests'],
    [test, plan, 'the tests must pass before terraform plan'],
    [build, plan, 'npm run build must run before terraform plan (it zips dist/functions)'],
    [init, plan, 'terraform init must run before terraform plan'],
  ];
  for (const [before, after, message] of order) {
    if (before && after && before.index > after.index) problems.push(message);
  }

  const substitutions = isObj(cloudbuild.substitutions) ? cloudbuild.substitutions : {};
  if (substitutions._APPLY !== 'false')
    problems.push('substitution _APPLY must default to "false" (true only on the main trigger)');
  const used = new Set(
    [...JSON.stringify(cloudbuild).matchAll(/\$\{?(_[A-Z0-9_]+)/g)].map((m) => m[1] ?? ''),
  );
  for (const name of used) {
    if (!(name in substitutions)) problems.push(`substitution ${name} is used but has no default`);
  }
  const options = isObj(cloudbuild.options) ? cloudbuild.options : {};
  if (options.logging !== 'CLOUD_LOGGING_ONLY') problems.push('options.logging must be CLOUD_LOGGING_ONLY');
  return problems;
}

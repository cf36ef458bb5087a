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
  resolve,
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
  /** Cloud Run functions runtimes the functions may use, with Google's support schedule. */
  runtimes: RuntimeSchedule;
  /** The day the checks judge the schedule against (the tests pass today's date). */
  today: string;
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
  /**
   * Functions served behind Identity-Aware Proxy (topology `iap: true`) -> the variables their config
   * takes IAP's expected audience and the console's own origin from.
   */
  iapEnv: Readonly<Record<string, { audience: string; origin: string }>>;
  /**
   * Function -> variables naming a Secret Manager secret it reads at run time (not mounted); unset, the
   * config schema's default names it.
   */
  runtimeSecretEnv: Readonly<Record<string, readonly string[]>>;
}

export type Check = (infra: Infra, topology: Topology) => string[];

/** Runtime id -> ISO dates from Google's runtime support schedule. */
export type RuntimeSchedule = Readonly<Record<string, { deprecation: string; decommission: string }>>;

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

/** Reached only through the HTTPS load balancer with Identity-Aware Proxy (the console). */
function isIapSpec(spec: FunctionSpec | undefined): boolean {
  return spec?.trigger.kind === 'http' && !spec.trigger.public && spec.trigger.iap === true;
}

/** The ingress a function's trigger calls for. */
function expectedIngress(spec: FunctionSpec | undefined): string {
  if (isPublicSpec(spec)) return 'ALLOW_ALL';
  // IAP sits in the load balancer: the function admits Google's load balancers, not the internet.
  if (isIapSpec(spec)) return 'ALLOW_INTERNAL_AND_GCLB';
  return 'ALLOW_INTERNAL_ONLY';
}

// ---------------------------------------------------------------------------------------------------------
// IAM grants
// ---------------------------------------------------------------------------------------------------------

export interface Grant {
  address: string;
  role: string;
  /**
   * sa:<account_id>, pubsub-service-agent, iap-service-agent, allUsers, allAuthenticatedUsers,
   * var:<name> (every member an operator lists in a list variable), or member:<raw>.
   */
  principal: string;
  /** project, topic:<name>, subscription:<name>, run-service:<name>, secret:<id>, iap-web-backend:<name>, ... */
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
  // Who passes Identity-Aware Proxy on a load balancer's backend service (the console's).
  google_iap_web_backend_service_iam: { attr: 'web_backend_service', kind: 'iap-web-backend' },
};

function principalOf(infra: Infra, member: string): string {
  if (member === 'allUsers' || member === 'allAuthenticatedUsers') return member;
  if (/@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/.test(member)) return 'pubsub-service-agent';
  if (/^serviceAccount:service-[^@]+@gcp-sa-iap\.iam\.gserviceaccount\.com$/.test(member))
    return 'iap-service-agent';
  const sa = /^serviceAccount:(.*)$/.exec(member)?.[1];
  const account = sa === undefined ? undefined : refTo(infra, sa, 'google_service_account');
  const accountId = str(account?.body.account_id);
  return accountId === undefined ? `member:${member}` : `sa:${accountId}`;
}

/**
 * The list variable whose elements are a grant's members (`for_each = toset(var.x)`, `member =
 * each.key`): operators fill it, so the grant is read as one grant to `var:x`, whatever the list holds.
 */
function memberVariable(decl: Obj): string | undefined {
  const m = /^\$\{\s*(?:toset\(\s*var\.([A-Za-z_][\w-]*)\s*\)|var\.([A-Za-z_][\w-]*))\s*\}$/.exec(
    str(decl.for_each) ?? '',
  );
  const variable = m?.[1] ?? m?.[2];
  const member = str(decl.member);
  return variable !== undefined && (member === expr('each.key') || member === expr('each.value'))
    ? variable
    : undefined;
}

/** Every IAM grant declared, plus problems for IAM resources the tests cannot read. */
export function iamGrants(infra: Infra): { grants: Grant[]; problems: string[] } {
  const grants: Grant[] = [];
  const problems: string[] = [];
  for (const [type, byName] of Object.entries(infra.resources)) {
    const kind = /^(.*_iam)_(member|binding|policy)$/.exec(type);
    if (!kind?.[1]) continue;
    if (kind[2] === 'policy') {
      problems.push(`${type}: authoritative IAM policies replace grants made elsewhere; use *_iam_member`);
      continue;
    }
    const spec = IAM_TARGETS[kind[1]];
    for (const [name, decls] of Object.entries(byName)) {
      const variable = decls[0] ? memberVariable(decls[0]) : undefined;
      const held: { inst: Instance; principal?: string }[] =
        variable === undefined
          ? instances(infra, type, name).map((inst) => ({ inst }))
          : decls.map((decl) => {
              const { for_each: _, ...body } = decl;
              const address = `${type}.${name}[each of var.${variable}]`;
              const inst = { type, name, key: undefined, address, body: resolve(infra, body) as Obj };
              return { inst, principal: `var:${variable}` };
            });
      for (const { inst, principal } of held) {
        if (!spec) {
          problems.push(`${inst.address}: IAM resource type unknown to the infra tests`);
          continue;
        }
        const role = str(inst.body.role) ?? '?';
        const raw = inst.body[spec.attr];
        let scope = spec.kind;
        if (spec.kind !== 'project') {
          const ref = parseRef(raw);
          const targetName = ref ? nameOf(target(infra, ref)) : str(raw);
          scope = `${spec.kind}:${targetName ?? String(raw)}`;
        }
        const members =
          kind[2] === 'binding' ? blocksOfStrings(inst.body.members) : [str(inst.body.member) ?? ''];
        for (const member of principal === undefined ? members : [principal]) {
          grants.push({
            address: inst.address,
            role,
            principal: principal ?? principalOf(infra, member),
            scope,
          });
        }
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

/**
 * A runtime must be on the allow-list and not yet deprecated: after the deprecation date there are six
 * months left to move, after the decommission date a function can be neither created nor updated.
 */
function runtimeProblems(name: string, runtime: unknown, t: Topology): string[] {
  const schedule = typeof runtime === 'string' ? t.runtimes[runtime] : undefined;
  if (!schedule) {
    return [
      `${name}: runtime ${String(runtime)} is not on the runtime allow-list (${Object.keys(t.runtimes).join(', ')})`,
    ];
  }
  if (t.today >= schedule.decommission) {
    return [
      `${name}: runtime ${String(runtime)} was decommissioned on ${schedule.decommission}: it can be neither created nor updated`,
    ];
  }
  if (t.today >= schedule.deprecation) {
    return [
      `${name}: runtime ${String(runtime)} is deprecated since ${schedule.deprecation} (decommission ${schedule.decommission}); move to a newer one`,
    ];
  }
  return [];
}

/** The Node major of a runtime id (nodejs22 -> 22). */
export const runtimeMajor = (runtime: string): number | undefined => {
  const m = /^nodejs(\d+)$/.exec(runtime);
  return m?.[1] === undefined ? undefined : Number(m[1]);
};

/** Whether a Node major satisfies a simple engines range of comparators on majors (">=20 <23"). */
export function enginesAdmit(range: string, major: number): boolean {
  const parts = range.trim().split(/\s+/);
  return parts.every((part) => {
    const m = /^(>=|<=|>|<|=)?v?(\d+)(?:\.\d+){0,2}$/.exec(part);
    if (!m?.[2]) return false;
    const n = Number(m[2]);
    switch (m[1]) {
      case '>=':
        return major >= n;
      case '>':
        return major > n;
      case '<=':
        return major <= n;
      case '<':
        return major < n;
      default:
        return major === n;
    }
  });
}

/**
 * Which Node runs what: production runs the functions' runtime, Cloud Build tests on the same major, the
 * local stack and CI run the bundles on the Node of this machine, and package.json engines admits all of
 * them; the esbuild target is not newer than the oldest of them.
 */
export function checkNodeVersions(facts: {
  runtime: unknown;
  engines: string;
  localMajor: number;
  esbuildTarget: string | undefined;
  buildImages: readonly string[];
}): string[] {
  const problems: string[] = [];
  const prod = typeof facts.runtime === 'string' ? runtimeMajor(facts.runtime) : undefined;
  if (prod === undefined) problems.push(`runtime ${String(facts.runtime)} is not a Node.js runtime`);
  else if (!enginesAdmit(facts.engines, prod))
    problems.push(`package.json engines "${facts.engines}" does not admit production's Node ${prod}`);
  if (!enginesAdmit(facts.engines, facts.localMajor))
    problems.push(
      `package.json engines "${facts.engines}" does not admit Node ${facts.localMajor}, which runs the tests here`,
    );
  const floor = Math.min(prod ?? Number.POSITIVE_INFINITY, facts.localMajor);
  const target = /^node(\d+)$/.exec(facts.esbuildTarget ?? '')?.[1];
  if (target === undefined) problems.push(`esbuild target ${String(facts.esbuildTarget)} is not nodeNN`);
  else if (Number(target) > floor)
    problems.push(`esbuild target node${target} is newer than Node ${floor}, which runs the bundles`);
  for (const image of facts.buildImages.filter((i) => /^node[:@]/.test(i))) {
    const major = /^node:(\d+)/.exec(image)?.[1];
    if (prod !== undefined && Number(major) !== prod)
      problems.push(`Cloud Build image ${image} is not Node ${prod}, the production runtime`);
  }
  return problems;
}

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
    problems.push(...runtimeProblems(name, build.runtime, t));

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
    const expected = expectedIngress(t.functions.find((f) => f.name === name));
    if (ingress !== expected)
      problems.push(`${name}: ingress_settings ${String(ingress)}, expected ${expected}`);
  }
  // A list an operator fills with grant members must not take the public principals.
  for (const variable of new Set(
    iamGrants(infra)
      .grants.map((g) => /^var:(.*)$/.exec(g.principal)?.[1])
      .filter((v): v is string => v !== undefined),
  )) {
    for (const principal of PUBLIC_PRINCIPALS) {
      if (variableAdmits(infra, variable, principal))
        problems.push(
          `var.${variable} names grant members but its validation admits ${principal} (a regex it must fail)`,
        );
    }
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

/**
 * Whether a list variable's validation lets `element` through, judged by the `regex("...")` each
 * validation condition applies (`alltrue([for m in var.x : can(regex("...", m))])`); a condition without
 * one is taken to admit it.
 */
export function variableAdmits(infra: Infra, variable: string, element: string): boolean {
  const validations = blocks(infra.variables[variable]?.validation);
  return validations.every((v) => {
    const patterns = [...String(v.condition ?? '').matchAll(/regex\(\s*"((?:[^"\\]|\\.)*)"/g)].map(
      (m) => JSON.parse(`"${m[1] ?? ''}"`) as string,
    );
    return patterns.every((p) => new RegExp(p).test(element));
  });
}

const OBJECT_WRITE_ROLES = new Set([
  'roles/storage.admin',
  'roles/storage.objectAdmin',
  'roles/storage.objectCreator',
  'roles/storage.objectUser',
  'roles/editor',
  'roles/owner',
]);

/**
 * Who may write any object in the project, the Terraform state included: the deployer (it manages the
 * source bucket and writes the state) and nobody else. Everyone else's object rights are per bucket.
 */
export const checkProjectWideStorage =
  (allowed: readonly string[]): Check =>
  (infra) =>
    iamGrants(infra)
      .grants.filter(
        (g) => g.scope === 'project' && OBJECT_WRITE_ROLES.has(g.role) && !allowed.includes(g.principal),
      )
      .map(
        (g) =>
          `${g.address}: ${g.principal} holds ${g.role} on the whole project (it can rewrite the Terraform state)`,
      );

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
// Identity-Aware Proxy: the console's one way in
// ---------------------------------------------------------------------------------------------------------

const refersTo = (value: unknown, i: Instance): boolean => {
  const ref = parseRef(value);
  return ref !== undefined && ref.type === i.type && ref.name === i.name && ref.key === i.key;
};

/** `/projects/${data.google_project.X.number}/global/backendServices/${google_compute_backend_service.Y.generated_id}` */
const IAP_AUDIENCE =
  /^\/projects\/\$\{data\.google_project\.[\w-]+\.number\}\/global\/backendServices\/\$\{google_compute_backend_service\.([\w-]+)\.generated_id\}$/;

const INVOKER_ROLES = new Set(['roles/run.invoker', 'roles/cloudfunctions.invoker']);

/**
 * A function with `iap: true` is reached through a global external Application Load Balancer only:
 * a serverless NEG of type cloud_run names its Cloud Run service (by name: a reference to the function
 * resource would close a cycle with the audience), every backend service on that NEG has IAP on
 * (Google-managed client, no CDN, EXTERNAL_MANAGED), an HTTPS forwarding rule on 443 with a managed
 * certificate for the console's origin leads to it, the function's audience variable is built from that
 * backend's generated_id, only IAP's service agent may invoke it, and an output hands out its URL.
 */
export const checkIapFrontEnd: Check = (infra, t) => {
  const problems: string[] = [];
  const { grants } = iamGrants(infra);
  const negs = instances(infra, 'google_compute_region_network_endpoint_group');
  const backends = instances(infra, 'google_compute_backend_service');
  const urlMaps = instances(infra, 'google_compute_url_map');
  const httpsProxies = instances(infra, 'google_compute_target_https_proxy');
  const httpProxies = instances(infra, 'google_compute_target_http_proxy');
  const rules = instances(infra, 'google_compute_global_forwarding_rule');
  for (const spec of t.functions.filter(isIapSpec)) {
    const name = spec.name;
    const fn = functionInstances(infra).find((f) => f.body.name === name);
    const keys = t.iapEnv[name];
    if (!keys) {
      problems.push(`${name}: no IAP audience/origin variables registered for it in the infra test`);
      continue;
    }
    if (!fn) continue; // checkFunctions reports it
    const env = serviceConfig(fn).environment_variables;
    const envOf = (key: string) => (isObj(env) ? env[key] : undefined);

    // Serverless NEGs that name the function's service.
    const served: Instance[] = [];
    for (const neg of negs) {
      const run = block(neg.body.cloud_run);
      const gen1 = block(neg.body.cloud_function);
      const ref = parseRef(run?.service);
      const refFn =
        ref?.type === 'google_cloudfunctions2_function' ? target(infra, ref)?.body.name : undefined;
      if (gen1?.function === name)
        problems.push(
          `${neg.address}: a cloud_function NEG is for 1st gen functions; ${name}'s Cloud Run service needs cloud_run { service = "${name}" }`,
        );
      if (run?.service !== name && refFn !== name) continue;
      if (refFn === name)
        problems.push(
          `${neg.address}: names ${name}'s service through the function resource (${String(run?.service)}), a cycle with ${keys.audience}: use the literal name "${name}"`,
        );
      if (neg.body.network_endpoint_type !== 'SERVERLESS')
        problems.push(
          `${neg.address}: network_endpoint_type ${String(neg.body.network_endpoint_type)}, expected SERVERLESS`,
        );
      if (neg.body.region !== fn.body.location)
        problems.push(
          `${neg.address}: region ${String(neg.body.region)}, but ${name} runs in ${String(fn.body.location)}`,
        );
      served.push(neg);
    }
    if (served.length === 0) {
      problems.push(
        `${name}: no serverless NEG names its Cloud Run service (cloud_run { service = "${name}" })`,
      );
      continue;
    }

    // Every backend service on those NEGs: IAP on, Google-managed client, the current load balancer.
    const front = backends.filter((b) =>
      blocks(b.body.backend).some((be) => served.some((neg) => refersTo(be.group, neg))),
    );
    if (front.length === 0) problems.push(`${name}: no backend service serves its NEG`);
    for (const b of front) {
      const iap = block(b.body.iap);
      if (iap?.enabled !== true)
        problems.push(`${b.address}: serves ${name} without IAP (iap { enabled = true })`);
      if (iap && ('oauth2_client_secret' in iap || 'oauth2_client_id' in iap))
        problems.push(
          `${b.address}: a custom OAuth client (its secret lands in the state); use the Google-managed one`,
        );
      if (b.body.load_balancing_scheme !== 'EXTERNAL_MANAGED')
        problems.push(
          `${b.address}: load_balancing_scheme ${String(b.body.load_balancing_scheme)}, expected EXTERNAL_MANAGED (the classic load balancer loops with IAP on HTTP/2)`,
        );
      if (b.body.enable_cdn === true) problems.push(`${b.address}: Cloud CDN is incompatible with IAP`);
    }

    // The audience IAP signs for: this project's number and the backend's numeric id.
    const audience = envOf(keys.audience);
    const audienceOf = IAP_AUDIENCE.exec(String(audience))?.[1];
    if (audienceOf === undefined)
      problems.push(
        `${name}: ${keys.audience} ${JSON.stringify(audience ?? null)} is not /projects/<project number>/global/backendServices/<generated_id of its backend service>`,
      );
    else if (!front.some((b) => b.name === audienceOf && block(b.body.iap)?.enabled === true))
      problems.push(
        `${name}: ${keys.audience} names google_compute_backend_service.${audienceOf}, which is not an IAP backend serving ${name}`,
      );

    // The HTTPS front end: URL map -> target HTTPS proxy (managed certificate) -> forwarding rule :443.
    const servingMaps = urlMaps.filter((m) =>
      front.some((b) => JSON.stringify(m.body).includes(`google_compute_backend_service.${b.name}.`)),
    );
    const proxies = httpsProxies.filter((p) => servingMaps.some((m) => refersTo(p.body.url_map, m)));
    const origin = envOf(keys.origin);
    const domains = proxies.flatMap((p) =>
      blocksOfStrings(p.body.ssl_certificates)
        .map((c) => refTo(infra, c, 'google_compute_managed_ssl_certificate'))
        .flatMap((cert) => blocksOfStrings(block(cert?.body.managed)?.domains)),
    );
    if (!domains.some((d) => `https://${d}` === origin))
      problems.push(
        `${name}: ${keys.origin} ${JSON.stringify(origin ?? null)} is not https://<a managed certificate domain of its HTTPS proxy> (${domains.join(', ') || 'none'})`,
      );
    const listening = rules.filter((r) => proxies.some((p) => refersTo(r.body.target, p)));
    if (!listening.some((r) => String(r.body.port_range) === '443'))
      problems.push(`${name}: no global forwarding rule on 443 leads to its HTTPS proxy`);
    for (const r of listening) {
      if (!front.some((b) => b.body.load_balancing_scheme === r.body.load_balancing_scheme))
        problems.push(
          `${r.address}: load_balancing_scheme ${String(r.body.load_balancing_scheme)} differs from its backend service's`,
        );
    }
    for (const p of httpProxies.filter((p) => servingMaps.some((m) => refersTo(p.body.url_map, m))))
      problems.push(`${p.address}: serves ${name} over plain HTTP (redirect to https instead)`);

    // Only IAP's service agent may invoke it: anyone else would go around IAP.
    const invokers = grants.filter(
      (g) =>
        INVOKER_ROLES.has(g.role) && (g.scope === `run-service:${name}` || g.scope === `function:${name}`),
    );
    if (!invokers.some((g) => g.principal === 'iap-service-agent' && g.role === 'roles/run.invoker'))
      problems.push(`${name}: IAP's service agent lacks roles/run.invoker on it (IAP's requests get 403)`);
    for (const g of invokers.filter((g) => g.principal !== 'iap-service-agent'))
      problems.push(`${g.address}: ${g.principal} may invoke ${name} around IAP (${g.role})`);

    if (!Object.values(infra.outputs).some((o) => resolve(infra, o.value) === origin))
      problems.push(`${name}: no output hands out its URL (${String(origin)})`);
  }
  return problems;
};

/**
 * Every secret a function reads at run time by name (not mounted) exists in secrets.tf, and the
 * function's own account may read it.
 */
export const checkRuntimeSecrets: Check = (infra, t) => {
  const problems: string[] = [];
  const { grants } = iamGrants(infra);
  const secrets = instances(infra, 'google_secret_manager_secret');
  for (const [name, keys] of Object.entries(t.runtimeSecretEnv)) {
    const fn = functionInstances(infra).find((f) => f.body.name === name);
    const env = fn ? serviceConfig(fn).environment_variables : undefined;
    for (const key of keys) {
      const set = isObj(env) ? env[key] : undefined;
      const parsed = t.configSchemas[name]?.shape[key]?.safeParse(undefined);
      const fallback = parsed?.success && typeof parsed.data === 'string' ? parsed.data : undefined;
      const secret =
        set === undefined
          ? fallback
          : (str(refTo(infra, set, 'google_secret_manager_secret')?.body.secret_id) ??
            (typeof set === 'string' && !set.includes('${') ? set : undefined));
      if (secret === undefined) {
        problems.push(`${name}: ${key} ${JSON.stringify(set ?? null)} names no secret the tests can resolve`);
        continue;
      }
      if (!secrets.some((s) => s.body.secret_id === secret))
        problems.push(`${name}: reads secret ${secret} (${key}), which secrets.tf does not declare`);
      const has = grants.some(
        (g) =>
          g.principal === `sa:fn-${name}` &&
          g.role === 'roles/secretmanager.secretAccessor' &&
          g.scope === `secret:${secret}`,
      );
      if (!has) problems.push(`${name}: fn-${name} may not read secret ${secret} (${key})`);
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
  ['google_cloudbuild_', ['cloudbuild.googleapis.com']],
  ['google_compute_', ['compute.googleapis.com']],
  ['google_iap_', ['iap.googleapis.com']],
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
  for (const backend of instances(infra, 'google_compute_backend_service')) {
    if (block(backend.body.iap)?.enabled === true && !enabled.has('iap.googleapis.com'))
      problems.push(
        `${backend.address} turns IAP on, which needs iap.googleapis.com (not enabled in apis.tf)`,
      );
  }
  return [...new Set(problems)];
};

export const checkTerraformSettings: Check = (infra) => {
  const problems: string[] = [];
  const tf = infra.terraform;
  if (!tf.some((b) => typeof b.required_version === 'string'))
    problems.push('terraform.required_version is not set');
  const providers = tf.flatMap((b) => blocks(b.required_providers)).flatMap((p) => Object.entries(p));
  const google = providers.find(([name]) => name === 'google')?.[1];
  if (!isObj(google) || google.source !== 'hashicorp/google')
    problems.push('hashicorp/google is not required');
  for (const [name, spec] of providers) {
    const version = isObj(spec) ? str(spec.version) : undefined;
    if (!/^=?\s*\d+\.\d+\.\d+$/.test(version ?? '')) {
      problems.push(
        `provider ${name} is not pinned exactly (version ${JSON.stringify(version ?? null)}; every init could pick another release)`,
      );
    }
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

/** Exact provider pins, as `name -> x.y.z`. */
export function providerPins(infra: Infra): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const p of infra.terraform.flatMap((b) => blocks(b.required_providers))) {
    for (const spec of Object.values(p)) {
      const version = isObj(spec) ? str(spec.version)?.replace(/^=\s*/, '') : undefined;
      const source = isObj(spec) ? str(spec.source) : undefined;
      if (version && source) pins[source] = version;
    }
  }
  return pins;
}

/**
 * infra/.terraform.lock.hcl (once generated, infra/README.md) must lock exactly the pinned versions,
 * with checksums; `init -lockfile=readonly` in Cloud Build then installs nothing else.
 */
export function checkLockFile(infra: Infra, lockFile: string | undefined): string[] {
  if (lockFile === undefined) return [];
  const problems: string[] = [];
  const locked = new Map(
    [...lockFile.matchAll(/provider "registry\.terraform\.io\/([^"]+)" \{([\s\S]*?)\n\}/g)].map((m) => [
      m[1] ?? '',
      m[2] ?? '',
    ]),
  );
  for (const [source, version] of Object.entries(providerPins(infra))) {
    const body = locked.get(source);
    if (body === undefined) problems.push(`.terraform.lock.hcl does not lock ${source}`);
    else {
      if (
        !body.includes(`version     = "${version}"`) &&
        !new RegExp(`version\\s*=\\s*"${version}"`).test(body)
      )
        problems.push(`.terraform.lock.hcl locks another ${source} than the pinned ${version}`);
      if (!/"h1:/.test(body))
        problems.push(`.terraform.lock.hcl has no h1: checksum for ${source} (run terraform providers lock)`);
    }
  }
  return problems;
}

const refs = (value: unknown): string[] =>
  (Array.isArray(value) ? value : []).map((v) => String(v).replace(/^\$\{(.*)\}$/, '$1'));

/**
 * Day one, in order: the project data source waits for Cloud Resource Manager; alert policies on a
 * log-based metric wait for a time_sleep that runs when the metric is created (the metric is not usable
 * for minutes, terraform-provider-google#11102); scheduler jobs (every-minute pushes) wait for a
 * time_sleep that runs when the grants their pushes need are created.
 */
export const checkDayOneOrdering: Check = (infra) => {
  const problems: string[] = [];
  const resourceManager = instances(infra, 'google_project_service').find(
    (s) => s.body.service === 'cloudresourcemanager.googleapis.com',
  );
  if (!resourceManager) problems.push('cloudresourcemanager.googleapis.com is not enabled');
  for (const d of instances(infra, 'google_project', undefined, 'data')) {
    const waits = refs(d.body.depends_on);
    if (!resourceManager || !waits.includes(`${resourceManager.type}.${resourceManager.name}`)) {
      problems.push(`data.${d.address}: read before Cloud Resource Manager is enabled (depends_on it)`);
    } else if (resourceManager.key !== undefined) {
      problems.push(
        `data.${d.address}: waits for every API (${resourceManager.type}.${resourceManager.name}); a new API would defer the read and replace every grant built from the project number`,
      );
    }
  }
  const sleeps = instances(infra, 'time_sleep');
  const sleepWatching = (pattern: RegExp) =>
    sleeps.find((s) => pattern.test(JSON.stringify(s.body.triggers ?? {})));
  for (const policy of instances(infra, 'google_monitoring_alert_policy')) {
    const metrics = [
      ...JSON.stringify(policy.body.conditions ?? []).matchAll(/google_logging_metric\.([\w-]+)\.name/g),
    ].map((m) => m[1] ?? '');
    for (const metric of new Set(metrics)) {
      const sleep = sleepWatching(new RegExp(`google_logging_metric\\.${metric}\\.id`));
      const waits = refs(policy.body.depends_on);
      if (!sleep || !waits.includes(`time_sleep.${sleep.name}`)) {
        problems.push(
          `${policy.address}: created with google_logging_metric.${metric} in the same apply without a time_sleep on it (404 "Cannot find metric(s)")`,
        );
      } else if (durationSeconds(sleep.body.create_duration) < 60) {
        problems.push(
          `time_sleep.${sleep.name}: ${String(sleep.body.create_duration)} is too short for a new log-based metric`,
        );
      }
    }
  }
  for (const job of instances(infra, 'google_cloud_scheduler_job')) {
    const waits = refs(job.body.depends_on);
    const sleep = sleeps.find(
      (s) =>
        waits.includes(`time_sleep.${s.name}`) &&
        /google_cloud_run_service_iam_member\.push_invoker/.test(JSON.stringify(s.body.triggers ?? {})),
    );
    if (!sleep) {
      problems.push(
        `${job.address}: starts before the push grants have propagated (depends_on a time_sleep triggered by them)`,
      );
    } else if (durationSeconds(sleep.body.create_duration) < 120) {
      problems.push(
        `time_sleep.${sleep.name}: ${String(sleep.body.create_duration)} is shorter than IAM's typical 2 minutes`,
      );
    }
  }
  return problems;
};

function durationSeconds(value: unknown): number {
  const m = /^(\d+)s$/.exec(String(value));
  return m?.[1] === undefined ? 0 : Number(m[1]);
}

// ---------------------------------------------------------------------------------------------------------
// The public webhook URL
// ---------------------------------------------------------------------------------------------------------

/**
 * One source for the public webhook URL: the output operators pass to `msp-ops org token rotate
 * --intake-url` and org-audit's AUDIT_WEBHOOK_URL_PREFIX come from the same local, which by default is
 * the function's deterministic cloudfunctions.net URL, never the run.app URI of the Cloud Run service.
 * Returns the problems and, for the tests, the values with var.project_id set to `project`.
 */
export function webhookUrlSources(
  infra: Infra,
  project: string,
): {
  problems: string[];
  base: string | undefined;
  prefix: string | undefined;
  outputName: string | undefined;
} {
  const problems: string[] = [];
  const withProject = (v: unknown) =>
    typeof v === 'string' ? v.split(expr('var.project_id')).join(project) : undefined;
  const orgAudit = functionInstances(infra).find((f) => f.body.name === 'org-audit');
  const env = orgAudit ? serviceConfig(orgAudit).environment_variables : undefined;
  const prefix = withProject(isObj(env) ? env.AUDIT_WEBHOOK_URL_PREFIX : undefined);
  const base = withProject(local(infra, 'public_webhook_base_url'));
  if (base === undefined || base.includes('${'))
    problems.push(`local.public_webhook_base_url does not resolve (${String(base)})`);
  if (prefix === undefined) problems.push('org-audit sets no AUDIT_WEBHOOK_URL_PREFIX');
  else if (prefix !== `${base}/hooks/mackerel/`)
    problems.push(
      `org-audit's AUDIT_WEBHOOK_URL_PREFIX ${prefix} is not ${base}/hooks/mackerel/ (local.public_webhook_base_url)`,
    );
  const outputs = Object.entries(infra.outputs);
  const output = outputs.find(([, o]) => o.value === expr('local.public_webhook_base_url'));
  if (!output)
    problems.push('no output is local.public_webhook_base_url (what operators pass to --intake-url)');
  for (const [name, o] of outputs) {
    const value = JSON.stringify(o.value ?? null);
    if (value.includes('service_config[0].uri'))
      problems.push(`output ${name} hands out the run.app URI of the Cloud Run service (${value})`);
    else if (
      /webhook|intake/.test(name) &&
      !/local\.(public_webhook_base_url|webhook_url_prefix)\b/.test(value)
    )
      problems.push(`output ${name} is not built from local.public_webhook_base_url (${value})`);
  }
  if (base !== undefined && !base.startsWith('https://'))
    problems.push(`public webhook base ${base} is not https`);
  return { problems, base, prefix, outputName: output?.[0] };
}

/** Every `--intake-url <value>` in a README is `"$(terraform [-chdir=..] output -raw <the base output>)"`. */
export function checkReadmeIntakeUrl(readme: string, outputName: string | undefined): string[] {
  const uses = [...readme.matchAll(/--intake-url[ =]([^\s`][^\n]*)/g)].map((m) => (m[1] ?? '').trim());
  if (uses.length === 0) return ['infra/README.md never passes --intake-url'];
  const wanted = new RegExp(
    `^"?\\$\\(terraform(?:\\s+-chdir=\\S+)?\\s+output\\s+-raw\\s+${outputName ?? '\\0'}\\)"?(?:\\s|$)`,
  );
  return uses
    .filter((u) => !wanted.test(u))
    .map(
      (u) => `infra/README.md passes --intake-url ${u}, not "$(terraform output -raw ${outputName ?? '?'})"`,
    );
}

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

/** The images a build config runs. */
export const buildImages = (cloudbuild: Obj): string[] => [
  ...new Set(stepsOf(cloudbuild).map((s) => s.image)),
];

/** A full x.y.z tag (a variant suffix allowed: 22.22.0-bookworm) or a digest; never `node:20` or `:1.9`. */
const PINNED_IMAGE =
  /^[a-z0-9./_-]+(?::\d+\.\d+\.\d+(?:-[a-z0-9.-]+)?(?:@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})$/;

export interface CloudBuildExpectations {
  /** `main` plans and applies (guarded by _APPLY); `pull-request` plans only, without the state lock. */
  kind: 'main' | 'pull-request';
  testCommand: string;
  /** Seconds the build may need at worst (its timeout must cover it). */
  budgetSeconds: number;
}

export function checkCloudBuild(cloudbuild: Obj, x: CloudBuildExpectations): string[] {
  const problems: string[] = [];
  const steps = stepsOf(cloudbuild);
  const node = (predicate: (command: string) => boolean) =>
    steps.find((s) => /^node[:@]/.test(s.image) && predicate(s.command));
  const terraform = (predicate: (command: string) => boolean) =>
    steps.find((s) => s.image.startsWith('hashicorp/terraform') && predicate(s.command));

  const install = node((c) => c === 'npm ci' || c.startsWith('npm ci '));
  const lint = node((c) => c === 'npm run lint');
  const test = node((c) => c === x.testCommand);
  const build = node((c) => c === 'npm run build');
  const fmt = terraform((c) => /^terraform fmt\b/.test(c) && /-check\b/.test(c) && /-recursive\b/.test(c));
  const init = terraform((c) => /^terraform init\b/.test(c));
  const validate = terraform((c) => /^terraform validate\b/.test(c));
  const plan = terraform((c) => /^terraform plan\b/.test(c));
  const applies = steps.filter(
    (s) => /terraform apply\b/.test(s.command) || /^terraform\b.*\bapply\b/.test(s.command),
  );

  if (!install) problems.push('no node step runs npm ci');
  if (!lint) problems.push('no node step runs npm run lint');
  if (!test) problems.push(`no node step runs the README's test command exactly: ${x.testCommand}`);
  if (!build) problems.push('no node step runs npm run build');
  if (!fmt) problems.push('no terraform step runs terraform fmt -check -recursive');
  if (!init) problems.push('no terraform step runs terraform init');
  else {
    if (!/-backend-config=bucket=\$\{?_TF_STATE_BUCKET\}?/.test(init.command))
      problems.push('terraform init does not take the state bucket from $_TF_STATE_BUCKET');
    if (!/-lockfile=readonly\b/.test(init.command))
      problems.push('terraform init may rewrite the dependency lock file (run it with -lockfile=readonly)');
  }
  if (!validate) problems.push('no terraform step runs terraform validate');
  if (!plan) problems.push('no terraform step runs terraform plan');
  for (const image of buildImages(cloudbuild)) {
    if (!PINNED_IMAGE.test(image))
      problems.push(`image ${image} is not pinned to a full x.y.z tag or a digest`);
  }

  if (x.kind === 'main') {
    if (plan && !/-out[= ]tfplan\b/.test(plan.command)) problems.push('terraform plan does not save tfplan');
    if (applies.length === 0) problems.push('no step applies the plan');
    for (const apply of applies) {
      const guarded =
        /if \[ "\$\{?_APPLY\}?" = "true" \]/.test(apply.command) &&
        /terraform apply\b[^\n]*\btfplan\b/.test(apply.command);
      if (!guarded)
        problems.push(
          `step ${apply.index} applies without the _APPLY == "true" guard or not the saved tfplan`,
        );
      if (plan && apply.index < plan.index) problems.push('terraform apply runs before terraform plan');
    }
  } else {
    for (const apply of applies)
      problems.push(`step ${apply.index} applies: a pull-request build must only plan`);
    if (plan && !/-lock=false\b/.test(plan.command))
      problems.push(
        'terraform plan takes the state lock, an object write the read-only planner cannot do (-lock=false)',
      );
  }

  const order: [Step | undefined, Step | undefined, string][] = [
    [install, test, 'npm ci must run before the tests'],
    [test, plan, 'the tests must pass before terraform plan'],
    [build, plan, 'npm run build must run before terraform plan (it zips dist/functions)'],
    [fmt, plan, 'terraform fmt -check must run before terraform plan'],
    [init, validate, 'terraform init must run before terraform validate'],
    [validate, plan, 'terraform validate must run before terraform plan'],
    [init, plan, 'terraform init must run before terraform plan'],
  ];
  for (const [before, after, message] of order) {
    if (before && after && before.index > after.index) problems.push(message);
  }

  const substitutions = isObj(cloudbuild.substitutions) ? cloudbuild.substitutions : {};
  if (x.kind === 'main' && substitutions._APPLY !== 'false')
    problems.push('substitution _APPLY must default to "false" (true only on the main trigger)');
  if (x.kind === 'pull-request' && '_APPLY' in substitutions)
    problems.push('a pull-request build has no _APPLY to set');
  const used = new Set(
    [...JSON.stringify(cloudbuild).matchAll(/\$\{?(_[A-Z0-9_]+)/g)].map((m) => m[1] ?? ''),
  );
  for (const name of used) {
    if (!(name in substitutions)) problems.push(`substitution ${name} is used but has no default`);
  }
  const options = isObj(cloudbuild.options) ? cloudbuild.options : {};
  if (options.logging !== 'CLOUD_LOGGING_ONLY') problems.push('options.logging must be CLOUD_LOGGING_ONLY');
  // The trigger's account is the one that counts; a build config naming one is a mistake or an attempt.
  if ('serviceAccount' in cloudbuild)
    problems.push('the build config names a serviceAccount (the trigger sets it)');
  const timeout = /^(\d+)s$/.exec(String(cloudbuild.timeout ?? ''))?.[1];
  if (timeout === undefined)
    problems.push('no timeout: the default 600 s does not fit npm test and the apply');
  else if (Number(timeout) < x.budgetSeconds)
    problems.push(`timeout ${timeout}s is below the measured worst case of ${x.budgetSeconds}s`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Cloud Build triggers
// ---------------------------------------------------------------------------------------------------------

/** Roles a pull-request build may hold: it runs code the pull request supplies. */
const READ_ONLY_ROLES = new Set([
  'roles/viewer',
  'roles/iam.securityReviewer',
  'roles/logging.logWriter',
  'roles/storage.objectViewer',
]);

/** A pull-request build config, what its account may hold beyond READ_ONLY_ROLES, and its comment control. */
export interface PullRequestBuild {
  /** `<role> on <scope>`; a scope ending in `*` is a prefix. */
  alsoMay: readonly string[];
  commentControls: readonly string[];
}

/**
 * The Terraform plan only reads; the monitors diff also reads every org's Mackerel key, which can write to
 * that org's Mackerel, so each of its pull requests waits for a collaborator's /gcbrun, collaborators' own too.
 */
export const PULL_REQUEST_BUILDS: Readonly<Record<string, PullRequestBuild>> = {
  'cloudbuild-pr.yaml': {
    alsoMay: [],
    commentControls: ['COMMENTS_ENABLED', 'COMMENTS_ENABLED_FOR_EXTERNAL_CONTRIBUTORS_ONLY'],
  },
  'cloudbuild-monitors-pr.yaml': {
    alsoMay: [
      'roles/datastore.viewer on project',
      'roles/secretmanager.secretAccessor on secret:mackerel-api-key-*',
    ],
    commentControls: ['COMMENTS_ENABLED'],
  },
};

const grantMatches = (grant: string, allowed: string): boolean =>
  allowed.endsWith('*') ? grant.startsWith(allowed.slice(0, -1)) : grant === allowed;

/**
 * Pull-request triggers run a build config of PULL_REQUEST_BUILDS as an account that can read and, for
 * the monitors diff, read the org keys, with comment control; only the main-branch push trigger runs
 * cloudbuild.yaml, as the deployer, with _APPLY=true.
 */
export const checkTriggers: Check = (infra) => {
  const problems: string[] = [];
  const triggers = instances(infra, 'google_cloudbuild_trigger');
  const { grants } = iamGrants(infra);
  const accountOf = (t: Instance) =>
    str(refTo(infra, t.body.service_account, 'google_service_account')?.body.account_id);
  const event = (t: Instance) => {
    const source = block(t.body.github) ?? block(t.body.repository_event_config) ?? {};
    return { pr: block(source.pull_request), push: block(source.push) };
  };
  const prs = triggers.filter((t) => event(t).pr !== undefined);
  const pushes = triggers.filter((t) => event(t).push !== undefined);
  if (prs.length === 0)
    problems.push('no pull-request trigger (google_cloudbuild_trigger with pull_request)');
  for (const t of prs) {
    const account = accountOf(t);
    const pr = event(t).pr ?? {};
    const file = String(t.body.filename);
    const build = PULL_REQUEST_BUILDS[file];
    if (!build)
      problems.push(
        `${t.address}: runs ${file}, which is no pull-request build config (${Object.keys(PULL_REQUEST_BUILDS).join(', ')})`,
      );
    if (!account)
      problems.push(
        `${t.address}: runs as no service account of this configuration (the default one is broad)`,
      );
    else {
      for (const g of grants.filter((g) => g.principal === `sa:${account}`)) {
        const grant = `${g.role} on ${g.scope}`;
        if (!READ_ONLY_ROLES.has(g.role) && !build?.alsoMay.some((a) => grantMatches(grant, a)))
          problems.push(
            `${t.address}: its account ${account} holds ${g.role} on ${g.scope}, more than read-only`,
          );
      }
      if (pushes.some((p) => accountOf(p) === account))
        problems.push(`${t.address}: shares its account ${account} with a push trigger`);
    }
    const control = str(pr.comment_control) ?? '';
    if (build && !build.commentControls.includes(control))
      problems.push(
        `${t.address}: pull requests build without a collaborator's /gcbrun (comment_control ${String(pr.comment_control)}; ${file} needs ${build.commentControls.join(' or ')})`,
      );
    if (isObj(t.body.substitutions) && '_APPLY' in t.body.substitutions)
      problems.push(`${t.address}: sets _APPLY`);
  }
  const applying = triggers.filter(
    (t) => isObj(t.body.substitutions) && t.body.substitutions._APPLY === 'true',
  );
  if (applying.length !== 1)
    problems.push(`${applying.length} triggers set _APPLY=true (expected the main-branch trigger only)`);
  for (const t of triggers.filter((t) => t.body.filename === 'cloudbuild.yaml')) {
    const push = event(t).push;
    if (push?.branch !== '^main$')
      problems.push(`${t.address}: runs cloudbuild.yaml on something else than pushes to main`);
    if (accountOf(t) !== 'cloud-build-deployer')
      problems.push(`${t.address}: runs cloudbuild.yaml as ${String(accountOf(t))}, not the deployer`);
  }
  if (!triggers.some((t) => t.body.filename === 'cloudbuild.yaml'))
    problems.push('no trigger runs cloudbuild.yaml on main');
  return problems;
};

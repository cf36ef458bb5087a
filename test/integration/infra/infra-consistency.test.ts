/**
 * infra/ and cloudbuild.yaml held against the code: topology, config schemas, handler schemas, Firestore
 * collections and log messages. Terraform cannot run here, so the .tf files are parsed (hcl2json) and
 * the few expressions they use are evaluated (test/support/infra.ts). Each check is then run on a mutated
 * copy to prove it would catch the drift it exists for.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { webhookUrlOf } from '../../../cli/webhook-token-issuer';
import { repeatSweepRequestSchema } from '../../../shared/alerting/router/repeat-sweep-request';
import { routerConfigSchema } from '../../../shared/alerting/router/router-config';
import { digestFlushConfigSchema } from '../../../shared/alerting/storm/digest-flush-config';
import { digestFlushRequestSchema } from '../../../shared/alerting/storm/flush-digests';
import { auditRequestSchema } from '../../../shared/audit/audit-round-plan';
import { webhookChannelFinding } from '../../../shared/audit/findings/webhook-channel-finding';
import { orgAuditConfigSchema } from '../../../shared/audit/org-audit-config';
import { cdnPollRequestSchema } from '../../../shared/cdn/watch/cdn-poll-request';
import { cdnUsageConfigSchema } from '../../../shared/cdn/watch/cdn-usage-config';
import { consoleConfigSchema } from '../../../shared/console/console-config';
import { deadLetterRecorderConfigSchema } from '../../../shared/dead-letters/dead-letter-recorder-config';
import { deadLetterDataSchema } from '../../../shared/dead-letters/record-dead-letter';
import { backlogDrainConfigSchema } from '../../../shared/intake/backlog-drain-config';
import { backlogDrainRequestSchema } from '../../../shared/intake/drain-backlog';
import { extractWebhookToken } from '../../../shared/intake/extract-token';
import { intakeConfigSchema } from '../../../shared/intake/intake-config';
import {
  ALL_TOPICS,
  DELIVERY_POLICY,
  deadLetterTopicOf,
  FUNCTIONS,
  PUSH_SUBSCRIPTIONS,
  SCHEDULES,
  TOPICS,
} from '../../../shared/kernel/topology';
import { mackerelEventMessageSchema } from '../../../shared/mackerel/webhook/mackerel-event-message';
import { mailerConfigSchema } from '../../../shared/notify/delivery/mailer-config';
import { notificationMessageSchema } from '../../../shared/notify/message/notification-message';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { RETENTION_DAYS } from '../../../shared/platform/firestore/firestore-retention';
import { probeConfigSchema } from '../../../shared/probes/probe-config';
import { probeRequestSchema } from '../../../shared/probes/probe-request';
import { reconcileConfigSchema } from '../../../shared/reconcile/reconcile-config';
import { reconcileRequestSchema } from '../../../shared/reconcile/reconcile-request';
import {
  block,
  expr,
  type Infra,
  instances,
  isObj,
  loadCloudBuild,
  loadInfra,
  local,
  type Obj,
  REPO_ROOT,
} from '../../support/infra';
import {
  buildImages,
  type Check,
  type CloudBuildExpectations,
  checkApis,
  checkCloudBuild,
  checkDayOneOrdering,
  checkEnvironment,
  checkFirestore,
  checkFunctions,
  checkIam,
  checkIapFrontEnd,
  checkLockFile,
  checkMonitoring,
  checkNodeVersions,
  checkProjectWideStorage,
  checkPublicExposure,
  checkPushSubscriptions,
  checkReadmeIntakeUrl,
  checkRuntimeSecrets,
  checkSchedules,
  checkTerraformSettings,
  checkTopics,
  checkTriggers,
  type IamAllowList,
  providerPins,
  type RuntimeSchedule,
  requiredKeys,
  type Topology,
  variableAdmits,
  webhookUrlSources,
} from '../../support/infra-checks';
import { assertCaught, declaration, mutated, obj } from '../../support/infra-mutations';

// ---------------------------------------------------------------------------------------------------------
// The code's side
// ---------------------------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Message strings passed to logger methods anywhere in shared/ and functions/. */
function logMessagesInCode(): string[] {
  const messages = new Set<string>();
  for (const file of [
    ...sourceFiles(join(REPO_ROOT, 'shared')),
    ...sourceFiles(join(REPO_ROOT, 'functions')),
  ]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.(?:debug|info|warn|error)\(\s*'([^']+)'/g)) {
      if (m[1]) messages.add(m[1]);
    }
  }
  return [...messages];
}

/** The README's test command (its quick start), or `npm test` while there is no README. */
function readmeTestCommand(): string {
  const readme = join(REPO_ROOT, 'README.md');
  if (!existsSync(readme)) return 'npm test';
  const text = readFileSync(readme, 'utf8');
  const start = text.search(/^#+\s*quick ?start/im);
  assert.ok(start >= 0, 'README.md has no "Quick start" section');
  // The first test command in a code block from the quick start on.
  const code = [...text.slice(start).matchAll(/```[^\n]*\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] ?? '').split('\n'),
  );
  // `npm ci && npm test   # comment`: the test command is the `npm test` part.
  const command = code
    .flatMap((line) => line.replace(/\s#.*$/, '').split('&&'))
    .map((part) => part.replace(/^\s*\$\s*/, '').trim())
    .find((part) => /^npm (run )?test\b/.test(part));
  assert.ok(command, "README.md's quick start shows no test command");
  return command;
}

/**
 * Google's runtime support schedule for Cloud Run functions, Node.js (docs.cloud.google.com/run/docs/
 * runtimes/function-runtimes): after the decommission date a function on the runtime can be neither
 * created nor updated. Add the next runtime here when moving to it.
 */
const RUNTIMES: RuntimeSchedule = {
  nodejs20: { deprecation: '2026-04-30', decommission: '2026-10-30' },
  nodejs22: { deprecation: '2027-04-30', decommission: '2027-10-31' },
  nodejs24: { deprecation: '2028-04-30', decommission: '2028-10-31' },
};

const TODAY = new Date().toISOString().slice(0, 10);

/**
 * What a Cloud Build run may take at worst, in seconds. `npm test` is measured on this 2-core machine
 * (a full run: ~310 s), the size of Cloud Build's default e2-standard-2 worker; the rest are estimates
 * for the same machine. In the apply, the twelve function builds run ten at a time (Terraform's
 * default parallelism is 10: ~300 s, then the eleventh and twelfth, ~120 s, in the slots the first ones
 * free; the console's build also waits for its backend service, created in well under a minute, on the
 * apply that creates it) and the IAM wait (time_sleep.iam_propagation, 420 s) follows them when grants
 * change; the log-metric wait (600 s) runs alongside. On the apply that turns probe_fixed_egress_ip on,
 * the builds first wait for the probes' connector and NAT (every function depends on them,
 * infra/functions.tf; a connector takes a few minutes to create).
 */
const BUILD_BUDGET_SECONDS = {
  // node (~400 MB) and hashicorp/terraform are not among the images Cloud Build caches.
  imagePulls: 60,
  npmCi: 120,
  lint: 60,
  npmTest: 310,
  build: 15,
  terraformFmtInitValidate: 60,
  plan: 120,
  applyProbeEgressConnector: 240,
  applyTwelveFunctionBuilds: 420,
  applyIamWait: 420,
  applyTheRest: 30,
};
const worstCase = Object.values(BUILD_BUDGET_SECONDS).reduce((a, b) => a + b, 0);
/** The timeout must leave a quarter on top of the worst case. */
const TIMEOUT_NEEDED = Math.ceil(worstCase * 1.25);

const topology: Topology = {
  functionFolders: readdirSync(join(REPO_ROOT, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort(),
  functions: FUNCTIONS,
  topics: ALL_TOPICS,
  pushSubscriptions: PUSH_SUBSCRIPTIONS,
  deliveryPolicy: DELIVERY_POLICY,
  schedules: SCHEDULES,
  deadLetterTopicOf,
  runtimes: RUNTIMES,
  today: TODAY,
  // Each function's loadConfig(...) schema (functions/<name>/index.ts).
  configSchemas: {
    intake: intakeConfigSchema,
    'backlog-drain': backlogDrainConfigSchema,
    router: routerConfigSchema,
    mailer: mailerConfigSchema,
    'dead-letter-recorder': deadLetterRecorderConfigSchema,
    'digest-flush': digestFlushConfigSchema,
    'repeat-sweep': routerConfigSchema,
    'org-audit': orgAuditConfigSchema,
    'cdn-usage': cdnUsageConfigSchema,
    reconcile: reconcileConfigSchema,
    probe: probeConfigSchema,
    console: consoleConfigSchema,
  },
  // Cloud Functions gen2 adds LOG_EXECUTION_ID; infra declares it to avoid a perpetual plan diff.
  // NODE_OPTIONS sizes the heap to the instance's memory (read by node, not by a config schema).
  platformEnv: ['LOG_EXECUTION_ID', 'NODE_OPTIONS'],
  // Topic -> what its consumer parses from message data (scheduler payloads included).
  payloadSchemas: {
    [TOPICS.mackerelEvents]: mackerelEventMessageSchema,
    [TOPICS.backlogDrainRequests]: backlogDrainRequestSchema,
    [TOPICS.notifications]: notificationMessageSchema,
    [TOPICS.digestFlushRequests]: digestFlushRequestSchema,
    [TOPICS.repeatSweepRequests]: repeatSweepRequestSchema,
    [TOPICS.auditRequests]: auditRequestSchema,
    [TOPICS.cdnPolls]: cdnPollRequestSchema,
    [TOPICS.reconcileRequests]: reconcileRequestSchema,
    [TOPICS.probeRequests]: probeRequestSchema,
    [deadLetterTopicOf(TOPICS.notifications)]: deadLetterDataSchema,
  },
  collections: Object.values(COLLECTIONS),
  // Every collection whose adapter writes expiresAt (shared/platform/firestore/firestore-retention.ts).
  ttlCollections: [
    'dedupKeys',
    'deliveries',
    ...Object.keys(RETENTION_DAYS).map((key) => COLLECTIONS[key as keyof typeof RETENTION_DAYS]),
  ],
  logMessages: logMessagesInCode(),
  // The console checks IAP's assertion against CONSOLE_IAP_AUDIENCE and POSTs against CONSOLE_ORIGIN.
  iapEnv: { console: { audience: 'CONSOLE_IAP_AUDIENCE', origin: 'CONSOLE_ORIGIN' } },
  // The console reads its CSRF key through the Secret Manager client (shared/console/console-config.ts).
  runtimeSecretEnv: { console: ['CONSOLE_CSRF_KEY_SECRET'] },
};

const uniq = (values: string[]) => [...new Set(values)];

/**
 * The complete IAM of the project: every grant a principal holds must be listed, and every listed grant
 * must exist. Function grants follow what the code calls (accept-webhook publishes to mackerel-events and
 * uses Firestore; drain-backlog republishes to mackerel-events and uses Firestore; the mailer reads the
 * SendGrid key and uses Firestore; the dead-letter recorder uses Firestore).
 */
const IAM_ALLOW_LIST: IamAllowList = {
  'sa:fn-intake': [
    `roles/pubsub.publisher on topic:${TOPICS.mackerelEvents}`,
    'roles/datastore.user on project',
  ],
  'sa:fn-backlog-drain': [
    `roles/pubsub.publisher on topic:${TOPICS.mackerelEvents}`,
    'roles/datastore.user on project',
  ],
  'sa:fn-router': [
    `roles/pubsub.publisher on topic:${TOPICS.notifications}`,
    `roles/pubsub.publisher on topic:${TOPICS.auditRequests}`,
    // One org's sweep when an alert that inhibited others stops (shared/alerting/router/route-event.ts).
    `roles/pubsub.publisher on topic:${TOPICS.repeatSweepRequests}`,
    'roles/datastore.user on project',
  ],
  'sa:fn-mailer': [
    'roles/secretmanager.secretAccessor on secret:sendgrid-api-key',
    'roles/datastore.user on project',
  ],
  'sa:fn-dead-letter-recorder': ['roles/datastore.user on project'],
  'sa:fn-org-audit': [
    `roles/pubsub.publisher on topic:${TOPICS.auditRequests}`,
    `roles/pubsub.publisher on topic:${TOPICS.notifications}`,
    'roles/datastore.user on project',
  ],
  'sa:fn-cdn-usage': [
    `roles/pubsub.publisher on topic:${TOPICS.cdnPolls}`,
    `roles/pubsub.publisher on topic:${TOPICS.notifications}`,
    'roles/datastore.user on project',
  ],
  'sa:fn-reconcile': [
    `roles/pubsub.publisher on topic:${TOPICS.reconcileRequests}`,
    `roles/pubsub.publisher on topic:${TOPICS.mackerelEvents}`,
    'roles/datastore.user on project',
  ],
  'sa:fn-repeat-sweep': [
    `roles/pubsub.publisher on topic:${TOPICS.notifications}`,
    'roles/datastore.user on project',
  ],
  'sa:fn-digest-flush': [
    `roles/pubsub.publisher on topic:${TOPICS.notifications}`,
    'roles/datastore.user on project',
  ],
  // Its own fan-out (per org, per chunk) and its Firestore collections; the org keys are per secret
  // (none while var.orgs is empty; probes-infra.test.ts holds them with orgs listed).
  'sa:fn-probe': [
    `roles/pubsub.publisher on topic:${TOPICS.probeRequests}`,
    'roles/datastore.user on project',
  ],
  // Firestore reads (and silences), and the CSRF key it reads at run time; it publishes nothing.
  'sa:fn-console': [
    'roles/datastore.user on project',
    'roles/secretmanager.secretAccessor on secret:console-csrf-key',
  ],
  // IAP calls the console with its own identity; nobody else may invoke it.
  'iap-service-agent': ['roles/run.invoker on run-service:console'],
  // Whoever operators list passes IAP to the console, and nothing else.
  'var:console_members': ['roles/iap.httpsResourceAccessor on iap-web-backend:console'],
  'sa:pubsub-push': uniq(PUSH_SUBSCRIPTIONS.map((s) => `roles/run.invoker on run-service:${s.functionName}`)),
  'pubsub-service-agent': [
    ...uniq(PUSH_SUBSCRIPTIONS.map((s) => `roles/pubsub.publisher on topic:${s.deadLetterTopic}`)),
    ...PUSH_SUBSCRIPTIONS.map((s) => `roles/pubsub.subscriber on subscription:${s.name}`),
  ],
  // Reads the staged source: objectAdmin (Google's list for a build account) on the source bucket only.
  'sa:function-builder': [
    'roles/logging.logWriter on project',
    'roles/artifactregistry.writer on project',
    `roles/storage.objectAdmin on bucket:${expr('var.source_archive_bucket')}`,
  ],
  // Pull requests: read-only. No IAM admin, no actAs, no object writes, no secret values.
  'sa:cloud-build-planner': [
    'roles/viewer on project',
    'roles/iam.securityReviewer on project',
    'roles/logging.logWriter on project',
    `roles/storage.objectViewer on bucket:${expr('var.tf_state_bucket')}`,
    `roles/storage.objectViewer on bucket:${expr('var.source_archive_bucket')}`,
  ],
  // Monitors as code (infra/monitors.tf): Firestore, and per org key secret (none while var.orgs is empty;
  // test/integration/infra/monitors-ci.test.ts holds those with orgs listed).
  'sa:monitors-diff': ['roles/datastore.viewer on project', 'roles/logging.logWriter on project'],
  'sa:monitors-push': ['roles/datastore.user on project', 'roles/logging.logWriter on project'],
  'sa:cloud-build-deployer': [
    'roles/cloudfunctions.developer',
    'roles/run.admin',
    'roles/iam.serviceAccountAdmin',
    'roles/iam.serviceAccountUser',
    'roles/resourcemanager.projectIamAdmin',
    'roles/serviceusage.serviceUsageAdmin',
    'roles/pubsub.admin',
    'roles/cloudscheduler.admin',
    'roles/datastore.owner',
    'roles/secretmanager.admin',
    'roles/storage.admin',
    'roles/monitoring.editor',
    'roles/logging.configWriter',
    'roles/logging.logWriter',
    'roles/cloudbuild.builds.editor',
    'roles/compute.loadBalancerAdmin',
    'roles/iap.admin',
    // The probes' fixed egress (infra/probes-egress.tf), held whether or not it is on.
    'roles/compute.networkAdmin',
    'roles/vpcaccess.admin',
  ].map((role) => `${role} on project`),
};

/** Principals that may write any object of the project (the deployer writes the state). */
const PROJECT_WIDE_STORAGE = ['sa:cloud-build-deployer'];

// ---------------------------------------------------------------------------------------------------------
// Mutation helpers: edit a deep copy of the parsed HCL
// ---------------------------------------------------------------------------------------------------------

function localEntry(infra: Infra, map: string, key: string): Obj {
  return obj(obj(infra.locals[map], `local.${map}`)[key], `local.${map}["${key}"]`);
}

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

describe('infra/ and cloudbuild.yaml are consistent with the code', () => {
  let infra: Infra;
  let cloudbuild: Obj;

  let cloudbuildPr: Obj;
  const infraReadme = readFileSync(join(REPO_ROOT, 'infra', 'README.md'), 'utf8');
  const lockFilePath = join(REPO_ROOT, 'infra', '.terraform.lock.hcl');
  const mainBuild: CloudBuildExpectations = {
    kind: 'main',
    testCommand: 'npm test',
    budgetSeconds: TIMEOUT_NEEDED,
  };
  const prBuild: CloudBuildExpectations = { ...mainBuild, kind: 'pull-request' };

  before(async () => {
    infra = await loadInfra();
    cloudbuild = loadCloudBuild();
    cloudbuildPr = loadCloudBuild(join(REPO_ROOT, 'cloudbuild-pr.yaml'));
    mainBuild.testCommand = readmeTestCommand();
    prBuild.testCommand = mainBuild.testCommand;
  });

  const checks: [string, Check][] = [
    [
      'every functions/ folder is deployed once, with its entry point, runtime, source archive and own SA',
      checkFunctions,
    ],
    ['every topic in ALL_TOPICS exists, and no other', checkTopics],
    [
      'every push subscription matches PUSH_SUBSCRIPTIONS and DELIVERY_POLICY, with dead letters retained',
      checkPushSubscriptions,
    ],
    [
      "every function's environment covers its config schema's required variables and nothing unknown",
      checkEnvironment,
    ],
    ['every scheduler job matches SCHEDULES and its payload passes the consumer schema', checkSchedules],
    ['only public functions are reachable from the internet', checkPublicExposure],
    [
      'the console is reached only through the HTTPS load balancer with IAP, its audience from that backend',
      checkIapFrontEnd,
    ],
    ['every secret a function reads at run time exists and its own account may read it', checkRuntimeSecrets],
    ['every IAM grant is on the allow-list, and every allow-listed grant exists', checkIam(IAM_ALLOW_LIST)],
    [
      'Firestore: native database, TTL on expiresAt for dedupKeys and deliveries, no unknown collections',
      checkFirestore,
    ],
    ['monitoring: dead letters, ERROR logs, intake 5xx and no-events alerts, by email', checkMonitoring],
    ['every resource family has its API enabled', checkApis],
    ['Terraform pins every provider exactly and takes the state bucket at init', checkTerraformSettings],
    [
      'no project-wide object write but the deployer (a function build cannot rewrite the Terraform state)',
      checkProjectWideStorage(PROJECT_WIDE_STORAGE),
    ],
    [
      'a pull request builds as a read-only planner with comment control; only main applies, as the deployer',
      checkTriggers,
    ],
    [
      'the first apply succeeds: Resource Manager before the project read, metrics and grants waited for',
      checkDayOneOrdering,
    ],
  ];
  for (const [title, check] of checks) {
    it(title, () => assert.deepEqual(check(infra, topology), []));
  }

  it("cloudbuild.yaml runs the README's test command, builds, checks, plans, and applies only when _APPLY is true", () => {
    assert.deepEqual(checkCloudBuild(cloudbuild, mainBuild), []);
  });

  it('cloudbuild-pr.yaml runs the same tests and checks, plans without the state lock, and never applies', () => {
    assert.deepEqual(checkCloudBuild(cloudbuildPr, prBuild), []);
  });

  it('the router and the repeat sweep run one storm control: the same chat caps, literal (so checked above)', () => {
    const routerSettings = (name: string) => {
      const fn = instances(infra, 'google_cloudfunctions2_function').find((f) => f.body.name === name);
      const env = block(fn?.body.service_config)?.environment_variables;
      return Object.entries(isObj(env) ? env : {}).filter(([key]) => key.startsWith('ROUTER_'));
    };
    const router = routerSettings('router');
    assert.deepEqual(routerSettings('repeat-sweep'), router);
    assert.deepEqual(
      router.map(([key]) => key),
      ['ROUTER_SLACK_PER_MINUTE', 'ROUTER_TEAMS_PER_MINUTE'],
    );
    assert.ok(router.every(([, value]) => typeof value === 'string' && !value.includes('${')));
  });

  it('each trigger passes exactly the substitutions its build config uses (Cloud Build rejects unmatched keys)', () => {
    // Every build config in the repository (the monitors ones too), by file name.
    const configs: Record<string, Obj> = Object.fromEntries(
      readdirSync(REPO_ROOT)
        .filter((f) => /^cloudbuild.*\.yaml$/.test(f))
        .map((f) => [f, loadCloudBuild(join(REPO_ROOT, f))]),
    );
    const triggers = instances(infra, 'google_cloudbuild_trigger');
    assert.ok(triggers.length >= 2);
    for (const { address: name, body: trigger } of triggers) {
      const config = configs[String(trigger.filename)];
      assert.ok(config, `${name}: runs ${String(trigger.filename)}, which is not in the repository`);
      const used = new Set(
        [
          ...JSON.stringify(config.steps ?? [])
            .concat(JSON.stringify(config.options ?? {}))
            .matchAll(/\$\{?(_[A-Z0-9_]+)/g),
        ].map((m) => m[1]),
      );
      // A trigger whose config uses no substitution may pass none.
      const passed = Object.keys(
        trigger.substitutions === undefined ? {} : obj(trigger.substitutions, `${name}.substitutions`),
      );
      assert.deepEqual(
        passed.filter((k) => !used.has(k)),
        [],
        `${name}: passes substitutions its config never uses`,
      );
      assert.deepEqual(
        [...used].filter((k) => k !== undefined && !passed.includes(k)),
        [],
        `${name}: its config uses substitutions the trigger does not set (they would stay at their empty defaults)`,
      );
    }
  });

  it(`the Cloud Build timeout covers the measured worst case (${worstCase} s + 25 % = ${TIMEOUT_NEEDED} s)`, () => {
    // Holds the figure itself to the measurement it comes from (npm test: ~310 s on this machine).
    assert.equal(BUILD_BUDGET_SECONDS.npmTest, 310);
    assert.ok(TIMEOUT_NEEDED > 1800, 'the old 1800 s timeout left less than a quarter spare');
  });

  it('functions run a runtime on the allow-list that is not deprecated; engines, esbuild and CI agree', () => {
    const fn = declaration(infra, 'google_cloudfunctions2_function', 'function');
    const runtime = local(infra, 'runtime');
    assert.equal(
      JSON.stringify(fn.build_config).includes(expr('local.runtime')),
      true,
      'every function takes local.runtime',
    );
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const buildScript = readFileSync(join(REPO_ROOT, 'scripts', 'build-functions.ts'), 'utf8');
    assert.deepEqual(
      checkNodeVersions({
        runtime,
        engines: pkg.engines.node,
        localMajor: Number(process.versions.node.split('.')[0]),
        esbuildTarget: /target:\s*'([^']+)'/.exec(buildScript)?.[1],
        buildImages: [...buildImages(cloudbuild), ...buildImages(cloudbuildPr)],
      }),
      [],
    );
    assert.match(infraReadme, new RegExp(`production runs \`${String(runtime)}\``, 'i'));
  });

  describe('one public webhook URL: output, org-audit env, infra/README.md and the CLI', () => {
    const project = 'demo-project';
    const token = 'tok_0123456789abcdef';

    it('the output and AUDIT_WEBHOOK_URL_PREFIX come from local.public_webhook_base_url, cloudfunctions.net by default', () => {
      const { problems, base } = webhookUrlSources(infra, project);
      assert.deepEqual(problems, []);
      assert.equal(base, `https://asia-northeast1-${project}.cloudfunctions.net/intake`);
    });

    it('infra/README.md passes that output to msp-ops org token rotate --intake-url', () => {
      const { outputName } = webhookUrlSources(infra, project);
      assert.deepEqual(checkReadmeIntakeUrl(infraReadme, outputName), []);
      assert.match(infraReadme, /msp-ops org token rotate/);
    });

    it('the URL the CLI prints is one the audit accepts, in the path and the basic-auth form', () => {
      const { base, prefix } = webhookUrlSources(infra, project);
      assert.ok(base && prefix);
      const url = webhookUrlOf(base, token);
      assert.equal(url, `${prefix}${token}`);
      const channel = (id: string, u: string) => ({
        id,
        name: id,
        type: 'webhook',
        url: u,
        events: ['alert'],
      });
      assert.equal(webhookChannelFinding([channel('path', url)], prefix), null);
      const basicAuth = new URL(`${base}/hooks/mackerel`);
      basicAuth.username = 'mackerel';
      basicAuth.password = token;
      assert.equal(webhookChannelFinding([channel('basic', basicAuth.href)], prefix), null);
      assert.equal(
        webhookChannelFinding([channel('other', 'https://elsewhere.example/hooks/mackerel/x')], prefix)?.facts
          .problem,
        'missing',
      );
    });

    it('intake finds the token in the path Google delivers (the function name is not part of it)', () => {
      const { base } = webhookUrlSources(infra, project);
      assert.ok(base);
      const url = new URL(webhookUrlOf(base, token));
      // REGION-PROJECT.cloudfunctions.net/intake/<rest> reaches the function as /<rest>, like run.app/<rest>.
      const delivered = url.pathname.replace(/^\/intake(?=\/)/, '');
      assert.equal(delivered, `/hooks/mackerel/${token}`);
      assert.deepEqual(extractWebhookToken(delivered, undefined), { kind: 'token', token });
      const basic = `Basic ${Buffer.from(`mackerel:${token}`).toString('base64')}`;
      assert.deepEqual(extractWebhookToken('/hooks/mackerel', basic), { kind: 'token', token });
    });

    it('a custom domain moves the output and the audit together', () => {
      const custom = mutated(infra, (c) => {
        obj(c.variables.public_webhook_base_url, 'variable').default = 'https://hooks.example.com/';
      });
      const { problems, base, prefix } = webhookUrlSources(custom, project);
      assert.deepEqual(problems, []);
      assert.equal(base, 'https://hooks.example.com');
      assert.equal(prefix, 'https://hooks.example.com/hooks/mackerel/');
    });
  });

  it('infra/.terraform.lock.hcl, once committed, locks exactly the pinned providers with checksums', () => {
    const lock = existsSync(lockFilePath) ? readFileSync(lockFilePath, 'utf8') : undefined;
    assert.deepEqual(checkLockFile(infra, lock), []);
    assert.deepEqual(providerPins(infra), {
      'hashicorp/google': '6.50.0',
      'hashicorp/archive': '2.7.1',
      'hashicorp/time': '0.13.1',
    });
    assert.match(infraReadme, /terraform providers lock[^\n]*-platform=linux_amd64/);
  });

  const terraformBinary = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  it('terraform fmt -check -recursive infra is clean', {
    skip: terraformBinary.status === 0 ? false : 'no terraform binary on PATH',
  }, () => {
    const fmt = spawnSync('terraform', ['fmt', '-check', '-recursive', '-list=true', 'infra'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(fmt.status, 0, `terraform fmt would change: ${fmt.stdout.trim()} ${fmt.stderr.trim()}`);
  });

  it('reads the code side it checks against (guards against vacuous checks)', () => {
    assert.equal(readmeTestCommand(), 'npm test');
    assert.deepEqual(topology.functionFolders, [
      'backlog-drain',
      'cdn-usage',
      'console',
      'dead-letter-recorder',
      'digest-flush',
      'intake',
      'mailer',
      'org-audit',
      'probe',
      'reconcile',
      'repeat-sweep',
      'router',
    ]);
    assert.deepEqual(requiredKeys(intakeConfigSchema), ['GOOGLE_CLOUD_PROJECT']);
    assert.deepEqual(requiredKeys(consoleConfigSchema), [
      'GOOGLE_CLOUD_PROJECT',
      'CONSOLE_IAP_AUDIENCE',
      'CONSOLE_ORIGIN',
    ]);
    // checkIapFrontEnd has something to hold: the console is the IAP function.
    assert.deepEqual(
      FUNCTIONS.filter((f) => f.trigger.kind === 'http' && f.trigger.iap === true).map((f) => f.name),
      Object.keys(topology.iapEnv),
    );
    assert.ok(topology.logMessages.includes('webhook accepted'));
    for (const fn of FUNCTIONS) assert.ok(topology.configSchemas[fn.name], `no config schema for ${fn.name}`);
    for (const s of SCHEDULES)
      assert.ok(topology.payloadSchemas[s.topic], `no payload schema for ${s.topic}`);
  });

  describe('mutations are caught', () => {
    it('a push subscription without dead_letter_policy', () => {
      const broken = mutated(infra, (c) => {
        delete declaration(c, 'google_pubsub_subscription', 'push').dead_letter_policy;
      });
      assertCaught(checkPushSubscriptions(broken, topology), /no dead_letter_policy/);
    });

    it('a retry policy that drifts from DELIVERY_POLICY', () => {
      const broken = mutated(infra, (c) => {
        obj(c.locals.delivery_policy, 'local.delivery_policy').minimum_backoff = '5s';
      });
      assertCaught(checkPushSubscriptions(broken, topology), /retry_policy .* expected 10s\.\.600s/);
    });

    it('a push function whose timeout outlasts the ack deadline', () => {
      const broken = mutated(infra, (c) => {
        localEntry(c, 'functions', 'backlog-drain').timeout_seconds = 540;
      });
      assertCaught(checkPushSubscriptions(broken, topology), /timeout 540 s exceeds the 60 s ack deadline/);
    });

    it('a second function made public by ingress', () => {
      const broken = mutated(infra, (c) => {
        localEntry(c, 'functions', 'backlog-drain').ingress = 'ALLOW_ALL';
      });
      assertCaught(checkPublicExposure(broken, topology), /backlog-drain: ingress_settings ALLOW_ALL/);
    });

    it('a second function made public by an allUsers invoker grant', () => {
      const broken = mutated(infra, (c) => {
        const iam = obj(c.resources.google_cloud_run_service_iam_member, 'run IAM');
        iam.drain_public = [
          {
            service: expr('google_cloudfunctions2_function.function["backlog-drain"].name'),
            role: 'roles/run.invoker',
            member: 'allUsers',
          },
        ];
      });
      assertCaught(
        checkPublicExposure(broken, topology),
        /allUsers gets roles\/run\.invoker on run-service:backlog-drain/,
      );
    });

    it('a scheduler job in another time zone', () => {
      const broken = mutated(infra, (c) => {
        localEntry(c, 'schedules', 'backlog-drain').time_zone = 'UTC';
      });
      assertCaught(checkSchedules(broken, topology), /time_zone UTC, expected Asia\/Tokyo/);
    });

    it("a scheduler payload the consumer's schema rejects", () => {
      const broken = mutated(infra, (c) => {
        localEntry(c, 'schedules', 'backlog-drain').payload = { reason: 'cron' };
      });
      const problems = checkSchedules(broken, topology);
      assertCaught(problems, /rejected by the backlog-drain-requests consumer's schema/);
      assertCaught(problems, /SCHEDULES says/);
    });

    it('a required environment variable dropped', () => {
      const broken = mutated(infra, (c) => {
        delete obj(localEntry(c, 'functions', 'backlog-drain').env, 'env').GOOGLE_CLOUD_PROJECT;
      });
      assertCaught(
        checkEnvironment(broken, topology),
        /backlog-drain: required variable GOOGLE_CLOUD_PROJECT is not set/,
      );
    });

    it('a misspelt environment variable, and a literal value its schema rejects', () => {
      const broken = mutated(infra, (c) => {
        const env = obj(localEntry(c, 'functions', 'intake').env, 'env');
        env.INTAKE_PUBLISH_ATTEMPT = '3';
        env.INTAKE_TRUSTED_PROXY_HOPS = '9';
      });
      const problems = checkEnvironment(broken, topology);
      assertCaught(problems, /intake: sets INTAKE_PUBLISH_ATTEMPT, which its config schema does not know/);
      assertCaught(problems, /INTAKE_TRUSTED_PROXY_HOPS="9" is rejected/);
    });

    it('a role outside the allow-list', () => {
      const broken = mutated(infra, (c) => {
        obj(c.resources.google_project_iam_member, 'project IAM').intake_editor = [
          {
            project: expr('var.project_id'),
            role: 'roles/editor',
            member: `serviceAccount:${expr('google_service_account.function["intake"].email')}`,
          },
        ];
      });
      assertCaught(
        checkIam(IAM_ALLOW_LIST)(broken, topology),
        /sa:fn-intake holds roles\/editor on project, outside/,
      );
    });

    it('a function folder without a deployed function, and a wrong entry point', () => {
      const extraFolder: Topology = {
        ...topology,
        functionFolders: [...topology.functionFolders, 'billing-export'],
      };
      assertCaught(checkFunctions(infra, extraFolder), /functions\/billing-export is not in FUNCTIONS/);
      assertCaught(
        checkFunctions(infra, extraFolder),
        /functions\/billing-export has 0 google_cloudfunctions2_function/,
      );
      const broken = mutated(infra, (c) => {
        localEntry(c, 'functions', 'backlog-drain').entry_point = 'drain';
      });
      assertCaught(checkFunctions(broken, topology), /entry_point is drain, the code registers backlogDrain/);
    });

    it('a dead-letter consumer whose subscription dead-letters into the topic it reads (a loop)', () => {
      const broken = mutated(infra, (c) => {
        localEntry(
          c,
          'push_subscriptions',
          'notifications-dead-letter--dead-letter-recorder',
        ).dead_letter_topic = 'notifications-dead-letter';
      });
      assertCaught(
        checkPushSubscriptions(broken, topology),
        /dead-letter topic notifications-dead-letter, expected notifications-dead-letter-dead-letter/,
      );
    });

    it('the mailer without its SendGrid key, or without the grant to read it', () => {
      const noSecret = mutated(infra, (c) => {
        localEntry(c, 'functions', 'mailer').secret_env = {};
      });
      assertCaught(
        checkEnvironment(noSecret, topology),
        /mailer: required variable SENDGRID_API_KEY is not set/,
      );
      const noGrant = mutated(infra, (c) => {
        delete obj(c.resources.google_secret_manager_secret_iam_member, 'secret IAM').mailer_sendgrid_api_key;
      });
      assertCaught(
        checkIam(IAM_ALLOW_LIST)(noGrant, topology),
        /sa:fn-mailer is missing roles\/secretmanager\.secretAccessor on secret:sendgrid-api-key/,
      );
    });

    it('a topic missing from infra', () => {
      const broken = mutated(infra, (c) => {
        c.locals.topics = ['backlog-drain-requests'];
      });
      assertCaught(checkTopics(broken, topology), /topic mackerel-events is declared 0 times/);
    });

    it('a TTL policy dropped', () => {
      const broken = mutated(infra, (c) => {
        c.locals.ttl_collections = ['dedupKeys'];
      });
      assertCaught(checkFirestore(broken, topology), /collection deliveries has no TTL policy/);
    });

    it('the no-events alert left behind by a renamed log message', () => {
      const renamed: Topology = {
        ...topology,
        logMessages: topology.logMessages.map((m) => m.replace('webhook accepted', 'event accepted')),
      };
      assertCaught(checkMonitoring(infra, renamed), /matches no log message in the code/);
    });

    it('a CI that runs another test command, or applies unguarded', () => {
      const other = structuredClone(cloudbuild);
      const steps = other.steps;
      assert.ok(Array.isArray(steps));
      for (const step of steps) {
        if (isObj(step) && step.id === 'test') step.args = ['run', 'test:unit'];
        if (isObj(step) && step.id === 'terraform-apply') {
          delete step.entrypoint;
          step.args = ['apply', '-auto-approve'];
        }
      }
      const problems = checkCloudBuild(other, mainBuild);
      assertCaught(problems, /runs the README's test command exactly: npm test/);
      assertCaught(problems, /applies without the _APPLY == "true" guard/);
    });

    // Issue 13: each defect of the tree before it, applied to a copy, is caught.

    it('a decommissioned runtime (nodejs20), or one off the allow-list', () => {
      const old = mutated(infra, (c) => {
        c.locals.runtime = 'nodejs20';
      });
      assertCaught(checkFunctions(old, topology), /runtime nodejs20 was decommissioned on 2026-10-30/);
      const deprecated: Topology = { ...topology, today: '2027-05-01' };
      assertCaught(checkFunctions(infra, deprecated), /runtime nodejs22 is deprecated since 2027-04-30/);
      const unknown = mutated(infra, (c) => {
        c.locals.runtime = 'nodejs99';
      });
      assertCaught(checkFunctions(unknown, topology), /nodejs99 is not on the runtime allow-list/);
    });

    it('Node versions that disagree: node:20 images, engines without 22, an esbuild target Node 20 cannot run', () => {
      const problems = checkNodeVersions({
        runtime: 'nodejs22',
        engines: '>=20 <22',
        localMajor: 20,
        esbuildTarget: 'node22',
        buildImages: ['node:20', 'hashicorp/terraform:1.9'],
      });
      assertCaught(problems, /engines ">=20 <22" does not admit production's Node 22/);
      assertCaught(problems, /esbuild target node22 is newer than Node 20/);
      assertCaught(problems, /image node:20 is not Node 22/);
    });

    it('the run.app URI handed to operators while the audit expects cloudfunctions.net', () => {
      const old = mutated(infra, (c) => {
        c.outputs.public_webhook_base_url = {
          value: expr('google_cloudfunctions2_function.function["intake"].service_config[0].uri'),
        };
        obj(localEntry(c, 'functions', 'org-audit').env, 'env').AUDIT_WEBHOOK_URL_PREFIX =
          `https://${expr('var.region')}-${expr('var.project_id')}.cloudfunctions.net/intake/hooks/mackerel/`;
        c.locals.public_webhook_base_url = expr(
          'google_cloudfunctions2_function.function["intake"].service_config[0].uri',
        );
      });
      const { problems } = webhookUrlSources(old, 'demo-project');
      assertCaught(problems, /hands out the run\.app URI/);
      assertCaught(problems, /no output is local\.public_webhook_base_url/);
      assertCaught(
        checkReadmeIntakeUrl(
          'npm run org:token -- --org x --intake-url <intake_url output>',
          'public_webhook_base_url',
        ),
        /not "\$\(terraform output -raw public_webhook_base_url\)"/,
      );
    });

    it('a provider range (~> 6.0), and a lock file of another version', () => {
      const old = mutated(infra, (c) => {
        const block = c.terraform[0];
        assert.ok(block);
        const providers = obj((block.required_providers as Obj[])[0], 'required_providers');
        obj(providers.google, 'google').version = '~> 6.0';
      });
      assertCaught(checkTerraformSettings(old, topology), /provider google is not pinned exactly/);
      const lock = [
        'provider "registry.terraform.io/hashicorp/google" {',
        '  version     = "6.49.0"',
        '  hashes = [',
        '    "zh:00",',
        '  ]',
        '}',
      ].join('\n');
      const problems = checkLockFile(infra, lock);
      assertCaught(problems, /locks another hashicorp\/google than the pinned 6\.50\.0/);
      assertCaught(problems, /no h1: checksum for hashicorp\/google/);
      assertCaught(problems, /does not lock hashicorp\/time/);
    });

    it('a build on floating images, without fmt/validate or a read-only lock file, under the old timeout', () => {
      const old = structuredClone(cloudbuild);
      old.timeout = '1800s';
      const steps = old.steps;
      assert.ok(Array.isArray(steps));
      old.steps = steps
        .filter(isObj)
        .filter((s) => s.id !== 'terraform-fmt' && s.id !== 'terraform-validate')
        .map((s) => {
          const step: Obj = {
            ...s,
            name: String(s.name).startsWith('node') ? 'node:20' : 'hashicorp/terraform:1.9',
          };
          if (s.id === 'terraform-init')
            step.args = ['init', '-input=false', `-backend-config=bucket=${expr('_TF_STATE_BUCKET')}`];
          return step;
        });
      const problems = checkCloudBuild(old, mainBuild);
      assertCaught(problems, /image node:20 is not pinned/);
      assertCaught(problems, /image hashicorp\/terraform:1\.9 is not pinned/);
      assertCaught(problems, /no terraform step runs terraform fmt -check -recursive/);
      assertCaught(problems, /no terraform step runs terraform validate/);
      assertCaught(problems, /-lockfile=readonly/);
      assertCaught(problems, /timeout 1800s is below the measured worst case/);
    });

    it('a pull-request build that applies, takes the lock, or names its own service account', () => {
      const bad = structuredClone(cloudbuildPr);
      bad.serviceAccount = 'projects/p/serviceAccounts/cloud-build-deployer@p.iam.gserviceaccount.com';
      const steps = bad.steps;
      assert.ok(Array.isArray(steps));
      for (const step of steps) {
        if (isObj(step) && step.id === 'terraform-plan') step.args = ['plan', '-input=false', '-out=tfplan'];
      }
      steps.push({
        id: 'apply',
        name: 'hashicorp/terraform:1.11.4',
        dir: 'infra',
        args: ['apply', 'tfplan'],
      });
      const problems = checkCloudBuild(bad, prBuild);
      assertCaught(problems, /applies: a pull-request build must only plan/);
      assertCaught(problems, /takes the state lock/);
      assertCaught(problems, /names a serviceAccount/);
    });

    it('the pull-request trigger running as the deployer, without comment control', () => {
      const old = mutated(infra, (c) => {
        const pr = declaration(c, 'google_cloudbuild_trigger', 'pull_request');
        pr.service_account = expr('google_service_account.deployer.id');
        const github = obj((pr.github as Obj[])[0], 'github');
        obj((github.pull_request as Obj[])[0], 'pull_request').comment_control = 'COMMENTS_DISABLED';
      });
      const problems = checkTriggers(old, topology);
      assertCaught(problems, /holds roles\/resourcemanager\.projectIamAdmin on project, more than read-only/);
      assertCaught(problems, /holds roles\/iam\.serviceAccountAdmin on project, more than read-only/);
      assertCaught(problems, /holds roles\/iam\.serviceAccountUser on project, more than read-only/);
      assertCaught(problems, /without a collaborator's \/gcbrun/);
      assertCaught(problems, /shares its account cloud-build-deployer with a push trigger/);
      const none = mutated(infra, (c) => {
        delete c.resources.google_cloudbuild_trigger;
      });
      assertCaught(checkTriggers(none, topology), /no pull-request trigger/);
    });

    it("the function builder's project-wide storage.objectAdmin (it could rewrite the state)", () => {
      const old = mutated(infra, (c) => {
        c.locals.function_builder_roles = [
          'roles/logging.logWriter',
          'roles/artifactregistry.writer',
          'roles/storage.objectAdmin',
        ];
      });
      assertCaught(
        checkProjectWideStorage(PROJECT_WIDE_STORAGE)(old, topology),
        /sa:function-builder holds roles\/storage\.objectAdmin on the whole project/,
      );
    });

    // The console behind Identity-Aware Proxy (infra/console.tf).

    it('the console backend without IAP, on the classic load balancer, with a custom OAuth client', () => {
      const broken = mutated(infra, (c) => {
        const backend = declaration(c, 'google_compute_backend_service', 'console');
        backend.iap = [{ enabled: false, oauth2_client_id: 'x', oauth2_client_secret: 'y' }];
        backend.load_balancing_scheme = 'EXTERNAL';
      });
      const problems = checkIapFrontEnd(broken, topology);
      assertCaught(problems, /google_compute_backend_service\.console: serves console without IAP/);
      assertCaught(problems, /custom OAuth client/);
      assertCaught(problems, /load_balancing_scheme EXTERNAL, expected EXTERNAL_MANAGED/);
      assertCaught(
        problems,
        /CONSOLE_IAP_AUDIENCE names google_compute_backend_service\.console, which is not an IAP backend/,
      );
      const none = mutated(infra, (c) => {
        delete declaration(c, 'google_compute_backend_service', 'console').iap;
      });
      assertCaught(checkIapFrontEnd(none, topology), /serves console without IAP/);
    });

    it('a second backend service that serves the console without IAP', () => {
      const broken = mutated(infra, (c) => {
        const services = obj(c.resources.google_compute_backend_service, 'backend services');
        services.console_open = [
          {
            name: 'console-open',
            load_balancing_scheme: 'EXTERNAL_MANAGED',
            backend: [{ group: expr('google_compute_region_network_endpoint_group.console.id') }],
          },
        ];
      });
      assertCaught(
        checkIapFrontEnd(broken, topology),
        /google_compute_backend_service\.console_open: serves console without IAP/,
      );
    });

    it('the console made public: ingress ALLOW_ALL, an allUsers invoker, or allUsers past IAP', () => {
      const byIngress = mutated(infra, (c) => {
        localEntry(c, 'functions', 'console').ingress = 'ALLOW_ALL';
      });
      assertCaught(
        checkPublicExposure(byIngress, topology),
        /console: ingress_settings ALLOW_ALL, expected ALLOW_INTERNAL_AND_GCLB/,
      );
      const internalOnly = mutated(infra, (c) => {
        localEntry(c, 'functions', 'console').ingress = 'ALLOW_INTERNAL_ONLY';
      });
      assertCaught(
        checkPublicExposure(internalOnly, topology),
        /console: ingress_settings ALLOW_INTERNAL_ONLY, expected ALLOW_INTERNAL_AND_GCLB/,
      );
      const byInvoker = mutated(infra, (c) => {
        obj(c.resources.google_cloud_run_service_iam_member, 'run IAM').console_public = [
          {
            service: expr('google_cloudfunctions2_function.function["console"].name'),
            role: 'roles/run.invoker',
            member: 'allUsers',
          },
        ];
      });
      assertCaught(
        checkPublicExposure(byInvoker, topology),
        /allUsers gets roles\/run\.invoker on run-service:console; only public functions may be public/,
      );
      assertCaught(checkIapFrontEnd(byInvoker, topology), /allUsers may invoke console around IAP/);
      const pastIap = mutated(infra, (c) => {
        obj(c.resources.google_iap_web_backend_service_iam_member, 'IAP IAM').everyone = [
          {
            web_backend_service: expr('google_compute_backend_service.console.name'),
            role: 'roles/iap.httpsResourceAccessor',
            member: 'allAuthenticatedUsers',
          },
        ];
      });
      assertCaught(
        checkPublicExposure(pastIap, topology),
        /allAuthenticatedUsers gets roles\/iap\.httpsResourceAccessor on iap-web-backend:console/,
      );
      const openList = mutated(infra, (c) => {
        delete obj(c.variables.console_members, 'variable console_members').validation;
      });
      assertCaught(
        checkPublicExposure(openList, topology),
        /var\.console_members names grant members but its validation admits allUsers/,
      );
    });

    it('an audience not built from the backend service, and a NEG that closes a cycle or is 1st gen', () => {
      const literal = mutated(infra, (c) => {
        obj(localEntry(c, 'functions', 'console').env, 'env').CONSOLE_IAP_AUDIENCE =
          `/projects/${expr('data.google_project.this.number')}/global/backendServices/${expr('google_compute_backend_service.console.id')}`;
      });
      assertCaught(
        checkIapFrontEnd(literal, topology),
        /CONSOLE_IAP_AUDIENCE .* is not \/projects\/<project number>\/global\/backendServices\/<generated_id/,
      );
      const cycle = mutated(infra, (c) => {
        declaration(c, 'google_compute_region_network_endpoint_group', 'console').cloud_run = [
          { service: expr('google_cloudfunctions2_function.function["console"].name') },
        ];
      });
      assertCaught(
        checkIapFrontEnd(cycle, topology),
        /through the function resource .* a cycle with CONSOLE_IAP_AUDIENCE/,
      );
      const gen1 = mutated(infra, (c) => {
        const neg = declaration(c, 'google_compute_region_network_endpoint_group', 'console');
        delete neg.cloud_run;
        neg.cloud_function = [{ function: 'console' }];
      });
      const problems = checkIapFrontEnd(gen1, topology);
      assertCaught(problems, /a cloud_function NEG is for 1st gen functions/);
      assertCaught(problems, /console: no serverless NEG names its Cloud Run service/);
    });

    it("the console's origin on another domain than its certificate, no 443 rule, no URL output", () => {
      const broken = mutated(infra, (c) => {
        obj(localEntry(c, 'functions', 'console').env, 'env').CONSOLE_ORIGIN = 'https://console.example.jp';
        declaration(c, 'google_compute_global_forwarding_rule', 'console').port_range = '80';
        delete c.outputs.console_url;
      });
      const problems = checkIapFrontEnd(broken, topology);
      assertCaught(
        problems,
        /CONSOLE_ORIGIN "https:\/\/console\.example\.jp" is not https:\/\/<a managed certificate domain/,
      );
      assertCaught(problems, /no global forwarding rule on 443/);
      assertCaught(problems, /no output hands out its URL/);
    });

    it("IAP's agent without the invoker grant, and the console's CSRF key unreadable", () => {
      const noAgent = mutated(infra, (c) => {
        delete obj(c.resources.google_cloud_run_service_iam_member, 'run IAM').console_iap_invoker;
      });
      assertCaught(
        checkIapFrontEnd(noAgent, topology),
        /IAP's service agent lacks roles\/run\.invoker on it/,
      );
      assertCaught(
        checkIam(IAM_ALLOW_LIST)(noAgent, topology),
        /iap-service-agent is missing roles\/run\.invoker on run-service:console/,
      );
      const noGrant = mutated(infra, (c) => {
        delete obj(c.resources.google_secret_manager_secret_iam_member, 'secret IAM').console_csrf_key;
      });
      assertCaught(checkRuntimeSecrets(noGrant, topology), /fn-console may not read secret console-csrf-key/);
      const otherName = mutated(infra, (c) => {
        obj(localEntry(c, 'functions', 'console').env, 'env').CONSOLE_CSRF_KEY_SECRET = 'csrf-key';
      });
      assertCaught(
        checkRuntimeSecrets(otherName, topology),
        /console: reads secret csrf-key \(CONSOLE_CSRF_KEY_SECRET\), which secrets\.tf does not declare/,
      );
      // Unset, the schema's default names the secret: still the declared one.
      const unset = mutated(infra, (c) => {
        delete obj(localEntry(c, 'functions', 'console').env, 'env').CONSOLE_CSRF_KEY_SECRET;
      });
      assert.deepEqual(checkRuntimeSecrets(unset, topology), []);
    });

    it('console members are one grant to var.console_members, whatever operators list; IAP needs its API', () => {
      const listed = mutated(infra, (c) => {
        obj(c.variables.console_members, 'variable console_members').default = [
          'group:noc@msp.example',
          'user:lead@msp.example',
        ];
      });
      assert.deepEqual(checkIam(IAM_ALLOW_LIST)(listed, topology), []);
      assert.equal(variableAdmits(infra, 'console_members', 'group:noc@msp.example'), true);
      assert.equal(variableAdmits(infra, 'console_members', 'domain:msp.example'), true);
      assert.equal(variableAdmits(infra, 'console_members', 'allUsers'), false);
      assert.equal(variableAdmits(infra, 'console_members', 'allAuthenticatedUsers'), false);
      const noIap = mutated(infra, (c) => {
        c.locals.apis = (c.locals.apis as string[]).filter((a) => a !== 'iap.googleapis.com');
      });
      assertCaught(checkApis(noIap, topology), /google_compute_backend_service\.console turns IAP on/);
      assertCaught(
        checkApis(noIap, topology),
        /google_iap_web_backend_service_iam_member needs iap\.googleapis\.com/,
      );
    });

    it('day-one races: the project read before Resource Manager, alerts and jobs without their waits', () => {
      const old = mutated(infra, (c) => {
        const data = obj(c.data.google_project?.this?.[0], 'data.google_project.this');
        delete data.depends_on;
        delete c.resources.time_sleep;
        for (const name of ['function_errors', 'no_events']) {
          delete declaration(c, 'google_monitoring_alert_policy', name).depends_on;
        }
        declaration(c, 'google_cloud_scheduler_job', 'job').depends_on = [expr('google_project_service.api')];
      });
      const problems = checkDayOneOrdering(old, topology);
      assertCaught(problems, /data\.google_project\.this: read before Cloud Resource Manager is enabled/);
      assertCaught(problems, /without a time_sleep on it \(404 "Cannot find metric\(s\)"\)/);
      assertCaught(problems, /starts before the push grants have propagated/);
      const everyApi = mutated(infra, (c) => {
        obj(c.data.google_project?.this?.[0], 'data').depends_on = [expr('google_project_service.api')];
        c.locals.apis = [...(c.locals.apis as string[]), 'cloudresourcemanager.googleapis.com'];
        delete c.resources.google_project_service?.resource_manager;
      });
      assertCaught(checkDayOneOrdering(everyApi, topology), /waits for every API/);
    });
  });
});

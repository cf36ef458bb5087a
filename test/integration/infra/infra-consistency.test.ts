/**
 * infra/ and cloudbuild.yaml held against the code: topology, config schemas, handler schemas, Firestore
 * collections and log messages. Terraform cannot run here, so the .tf files are parsed (hcl2json) and
 * the few expressions they use are evaluated (test/support/infra.ts). Each check is then run on a mutated
 * copy to prove it would catch the drift it exists for.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { routerConfigSchema } from '../../../shared/alerting/router/router-config';
import { repeatSweepRequestSchema } from '../../../shared/alerting/router/sweep-repeats';
import { digestFlushConfigSchema } from '../../../shared/alerting/storm/digest-flush-config';
import { digestFlushRequestSchema } from '../../../shared/alerting/storm/flush-digests';
import { auditRequestSchema } from '../../../shared/audit/audit-round-plan';
import { orgAuditConfigSchema } from '../../../shared/audit/org-audit-config';
import { cdnPollRequestSchema } from '../../../shared/cdn/watch/cdn-poll-request';
import { cdnUsageConfigSchema } from '../../../shared/cdn/watch/cdn-usage-config';
import { backlogDrainConfigSchema } from '../../../shared/intake/backlog-drain-config';
import { backlogDrainRequestSchema } from '../../../shared/intake/drain-backlog';
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
import { deadLetterRecorderConfigSchema } from '../../../shared/notify/delivery/dead-letter-recorder-config';
import { mailerConfigSchema } from '../../../shared/notify/delivery/mailer-config';
import { deadLetterDataSchema } from '../../../shared/notify/delivery/record-dead-letter';
import { notificationMessageSchema } from '../../../shared/notify/message/notification-message';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { RETENTION_DAYS } from '../../../shared/platform/firestore/firestore-retention';
import { reconcileConfigSchema } from '../../../shared/reconcile/reconcile-config';
import { reconcileRequestSchema } from '../../../shared/reconcile/reconcile-request';
import { expr, type Infra, isObj, loadCloudBuild, loadInfra, type Obj, REPO_ROOT } from '../../support/infra';
import {
  type Check,
  checkApis,
  checkCloudBuild,
  checkEnvironment,
  checkFirestore,
  checkFunctions,
  checkIam,
  checkMonitoring,
  checkPublicExposure,
  checkPushSubscriptions,
  checkSchedules,
  checkTerraformSettings,
  checkTopics,
  type IamAllowList,
  requiredKeys,
  type Topology,
} from '../../support/infra-checks';

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
  runtime: 'nodejs20',
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
    [deadLetterTopicOf(TOPICS.notifications)]: deadLetterDataSchema,
  },
  collections: Object.values(COLLECTIONS),
  // Every collection whose adapter writes expiresAt (shared/adapters/firestore-retention.ts).
  ttlCollections: [
    'dedupKeys',
    'deliveries',
    ...Object.keys(RETENTION_DAYS).map((key) => COLLECTIONS[key as keyof typeof RETENTION_DAYS]),
  ],
  logMessages: logMessagesInCode(),
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
  'sa:pubsub-push': uniq(PUSH_SUBSCRIPTIONS.map((s) => `roles/run.invoker on run-service:${s.functionName}`)),
  'pubsub-service-agent': [
    ...uniq(PUSH_SUBSCRIPTIONS.map((s) => `roles/pubsub.publisher on topic:${s.deadLetterTopic}`)),
    ...PUSH_SUBSCRIPTIONS.map((s) => `roles/pubsub.subscriber on subscription:${s.name}`),
  ],
  'sa:function-builder': [
    'roles/logging.logWriter on project',
    'roles/artifactregistry.writer on project',
    'roles/storage.objectAdmin on project',
  ],
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
  ].map((role) => `${role} on project`),
};

// ---------------------------------------------------------------------------------------------------------
// Mutation helpers: edit a deep copy of the parsed HCL
// ---------------------------------------------------------------------------------------------------------

function obj(value: unknown, what: string): Obj {
  assert.ok(isObj(value), `${what} is not an object`);
  return value;
}

function declaration(infra: Infra, type: string, name: string): Obj {
  return obj(infra.resources[type]?.[name]?.[0], `resource ${type}.${name}`);
}

function localEntry(infra: Infra, map: string, key: string): Obj {
  return obj(obj(infra.locals[map], `local.${map}`)[key], `local.${map}["${key}"]`);
}

function mutated(infra: Infra, edit: (copy: Infra) => void): Infra {
  const copy = structuredClone(infra);
  edit(copy);
  return copy;
}

function assertCaught(problems: string[], pattern: RegExp): void {
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `expected a problem matching ${pattern}, got ${JSON.stringify(problems)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

describe('infra/ and cloudbuild.yaml are consistent with the code', () => {
  let infra: Infra;
  let cloudbuild: Obj;

  before(async () => {
    infra = await loadInfra();
    cloudbuild = loadCloudBuild();
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
    ['every IAM grant is on the allow-list, and every allow-listed grant exists', checkIam(IAM_ALLOW_LIST)],
    [
      'Firestore: native database, TTL on expiresAt for dedupKeys and deliveries, no unknown collections',
      checkFirestore,
    ],
    ['monitoring: dead letters, ERROR logs, intake 5xx and no-events alerts, by email', checkMonitoring],
    ['every resource family has its API enabled', checkApis],
    ['Terraform pins its provider and takes the state bucket at init', checkTerraformSettings],
  ];
  for (const [title, check] of checks) {
    it(title, () => assert.deepEqual(check(infra, topology), []));
  }

  it("cloudbuild.yaml runs the README's test command, builds, plans, and applies only when _APPLY is true", () => {
    assert.deepEqual(checkCloudBuild(cloudbuild, readmeTestCommand()), []);
  });

  it('reads the code side it checks against (guards against vacuous checks)', () => {
    assert.equal(readmeTestCommand(), 'npm test');
    assert.deepEqual(topology.functionFolders, [
      'backlog-drain',
      'cdn-usage',
      'dead-letter-recorder',
      'digest-flush',
      'intake',
      'mailer',
      'org-audit',
      'reconcile',
      'repeat-sweep',
      'router',
    ]);
    assert.deepEqual(requiredKeys(intakeConfigSchema), ['GOOGLE_CLOUD_PROJECT']);
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
      const problems = checkCloudBuild(other, 'npm test');
      assertCaught(problems, /runs the README's test command exactly: npm test/);
      assertCaught(problems, /applies without the _APPLY == "true" guard/);
    });
  });
});

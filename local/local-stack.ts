import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { CONSOLE_CSRF_KEY_SECRET_DEFAULT as CONSOLE_CSRF_KEY_SECRET } from '../shared/console/console-config';
import { createLogger, type Logger } from '../shared/kernel/log/logger';
import { ALL_TOPICS, FUNCTIONS, PUSH_SUBSCRIPTIONS, SCHEDULES } from '../shared/kernel/topology';
import { apiKeySecretOf } from '../shared/mackerel/api/org-api-clients';
import { createFirestore } from '../shared/platform/firestore/firestore-client';
import { CdnStandin, DEFAULT_STANDIN_TOKENS } from './cdn/cdn-standin';
import { chatDemoSecrets } from './chat/chat-demo-secrets';
import { ChatStandin } from './chat/chat-standin';
import { seedHostCountHistory, startDemoActivity } from './demo-activity';
import { startFirestoreEmulatorProcess } from './firestore/firestore-emulator';
import { freePort } from './free-port';
import type { RunningFunction } from './functions/function-process';
import { superviseFunctionProcess } from './functions/supervised-function';
import { LocalIapProxy } from './iap/local-iap-proxy';
import { createLocalIapSigner, type LocalIapSigner } from './iap/local-iap-signer';
import { MackerelStandin } from './mackerel/mackerel-standin';
import { readStandinSeed, standinSeedPath } from './mackerel/standin-seed';
import { ProbeTargetStandin } from './probes/target-standin';
import { LocalPubSubServer } from './pubsub/local-pubsub-server';
import { LocalScheduler } from './scheduler/local-scheduler';
import { LocalSecretManager } from './secrets/local-secret-manager';
import { seedCdnDemo } from './seed-cdn-demo';
import { DEMO_CONSOLE_USERS, DEMO_WEBHOOK_TOKEN, seedDemo } from './seed-demo';
import { pushDemoMonitors } from './seed-monitors-demo';
import { seedDemoProbes } from './seed-probes-demo';
import { SendgridStandin } from './sendgrid/sendgrid-standin';
import type { StackConfig } from './stack-config';

export interface LocalStack {
  intakeUrl: string;
  demoWebhookUrl: string;
  firestoreHost: string;
  pubsubHost: string;
  sendgridUrl: string;
  /** The Slack / Teams / PagerDuty stand-in (its viewer at `${chatUrl}/`). */
  chatUrl: string;
  mackerelUrl: string;
  cdnUrl: string;
  /** The console behind the local IAP (what a browser opens). */
  consoleUrl: string;
  /** Signs IAP-shaped assertions with the local IAP's key (tests make their own with it). */
  iapSigner: LocalIapSigner;
  /** The audience the console expects in assertions. */
  iapAudience: string;
  functions: ReadonlyMap<string, string>;
  /** Each function's process (its pid follows a restart). */
  processes: ReadonlyMap<string, RunningFunction>;
  pubsub: LocalPubSubServer;
  sendgrid: SendgridStandin;
  chat: ChatStandin;
  mackerel: MackerelStandin;
  cdn: CdnStandin;
  /** What the probe function probes here: HTTP(S), a TCP port and a DNS server, all on 127.0.0.1. */
  probeTargets: ProbeTargetStandin;
  /** Environment a process needs to reach this stack with the real client libraries. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  config: StackConfig;
  logger?: Logger;
  /** Receives each log line of each function process. */
  onFunctionLine?: (name: string, line: string) => void;
  distDir?: string;
  /**
   * `npm start`: seed weeks of host counts, post the demo alerts, run an audit round and a CDN poll at once,
   * so every console page shows something. Off for tests and benchmarks, which count what they cause.
   */
  demoActivity?: boolean;
  /** Node options for every function process (the push-cost benchmark preloads its call counter). */
  functionNodeArgs?: readonly string[];
}

/** What IAP would put in `aud` for a backend service; any fixed text does locally. */
const LOCAL_IAP_AUDIENCE = '/projects/000000000000/global/backendServices/local-console';

const portOr = async (port: number) => (port === 0 ? freePort() : port);

/**
 * Starts the whole pipeline on this machine with real client libraries: the npm Firestore emulator,
 * the project's Pub/Sub server pushing to the functions, the SendGrid stand-in, every function under
 * the functions framework, and the scheduler publishing on the same cron as infra/.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ component: 'local-stack' });
  const distDir = options.distDir ?? join(__dirname, '..', 'dist', 'functions');
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    const firestore = await startFirestoreEmulatorProcess(config.MSP_LOCAL_FIRESTORE_PORT);
    stops.push(() => firestore.stop());

    const chat = new ChatStandin({
      port: config.MSP_LOCAL_CHAT_PORT ?? 0,
      logger: logger.child({ component: 'chat-standin' }),
    });
    await chat.start();
    stops.push(() => chat.stop());

    const sendgrid = new SendgridStandin({
      port: config.MSP_LOCAL_SENDGRID_PORT,
      logger: logger.child({ component: 'sendgrid-standin' }),
      chatViewerUrl: chat.viewerUrl,
    });
    await sendgrid.start();
    stops.push(() => sendgrid.stop());

    const mackerelSeed = await readStandinSeed(standinSeedPath());
    const mackerel = new MackerelStandin({
      seed: mackerelSeed,
      port: config.MSP_LOCAL_MACKEREL_PORT,
      logger: logger.child({ component: 'mackerel-standin' }),
    });
    await mackerel.start();
    stops.push(() => mackerel.stop());

    const cdn = new CdnStandin({
      port: config.MSP_LOCAL_CDN_PORT,
      logger: logger.child({ component: 'cdn-standin' }),
    });
    await cdn.start();
    stops.push(() => cdn.stop());

    const probeTargets = new ProbeTargetStandin({
      httpPort: config.MSP_LOCAL_PROBE_TARGETS_PORT ?? 0,
      logger: logger.child({ component: 'probe-targets' }),
    });
    await probeTargets.start();
    stops.push(() => probeTargets.stop());

    // Each stand-in org's API key under the secret name the audit reads, as in Secret Manager.
    const secrets = new LocalSecretManager({
      projectId: config.MSP_LOCAL_PROJECT,
      port: config.MSP_LOCAL_SECRETS_PORT,
      secrets: {
        ...Object.fromEntries(mackerelSeed.orgs.map((org) => [apiKeySecretOf(org.name), org.apiKey])),
        ...Object.fromEntries(
          Object.entries(DEFAULT_STANDIN_TOKENS).map(([provider, token]) => [`cdn-${provider}-token`, token]),
        ),
        // Signs the console's per-session form tokens; a new key per run (sessions do not outlive the stack).
        [CONSOLE_CSRF_KEY_SECRET]: randomBytes(32).toString('hex'),
        // Demo Slack / Teams webhook URLs and a PagerDuty routing key, all at the chat stand-in.
        ...chatDemoSecrets(chat.baseUrl),
      },
      logger: logger.child({ component: 'local-secret-manager' }),
    });
    const secretsPort = await secrets.start();
    stops.push(() => secrets.stop());

    const ports = new Map<string, number>();
    let next = config.MSP_LOCAL_FUNCTIONS_BASE_PORT;
    for (const fn of FUNCTIONS) {
      const wanted =
        fn.trigger.kind === 'http' && fn.name === 'intake'
          ? config.MSP_LOCAL_INTAKE_PORT
          : next === 0
            ? 0
            : next++;
      ports.set(fn.name, await portOr(wanted));
    }
    const urlOf = (name: string) => `http://127.0.0.1:${ports.get(name)}`;

    const iapSigner = await createLocalIapSigner(LOCAL_IAP_AUDIENCE);
    const iap = new LocalIapProxy({
      port: config.MSP_LOCAL_CONSOLE_PORT,
      upstream: urlOf('console'),
      signer: iapSigner,
      defaultUser: DEMO_CONSOLE_USERS[0].email,
      users: DEMO_CONSOLE_USERS.map((u) => u.email),
      logger: logger.child({ component: 'local-iap' }),
    });
    await iap.start();
    stops.push(() => iap.stop());

    const pubsub = new LocalPubSubServer({
      projectId: config.MSP_LOCAL_PROJECT,
      port: config.MSP_LOCAL_PUBSUB_PORT,
      topics: ALL_TOPICS,
      subscriptions: PUSH_SUBSCRIPTIONS.map((s) => ({ ...s, pushEndpoint: `${urlOf(s.functionName)}/` })),
      logger: logger.child({ component: 'local-pubsub' }),
    });
    const pubsubPort = await pubsub.start();
    stops.push(() => pubsub.stop());

    const env: Record<string, string> = {
      GOOGLE_CLOUD_PROJECT: config.MSP_LOCAL_PROJECT,
      FIRESTORE_EMULATOR_HOST: firestore.host,
      PUBSUB_EMULATOR_HOST: `127.0.0.1:${pubsubPort}`,
      SENDGRID_API_BASE_URL: sendgrid.baseUrl,
      // The stand-in wants a Bearer token, not a real key; in Google Cloud this comes from Secret Manager.
      SENDGRID_API_KEY: 'SG.local',
      MAIL_FROM_ADDRESS: 'alerts@msp-ops.local',
      MAIL_FROM_NAME: 'MSP Ops (local)',
      // The mailer's PagerDuty Events API v2 endpoint (Slack and Teams URLs come from the secrets).
      PAGERDUTY_EVENTS_URL: `${chat.baseUrl}/pagerduty/v2/enqueue`,
      // No metadata server here: skip the client libraries' probe for one.
      METADATA_SERVER_DETECTION: 'none',
      MACKEREL_API_BASE_URL: mackerel.baseUrl,
      SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
      CDN_FASTLY_BASE_URL: cdn.baseUrl,
      CDN_CLOUDFLARE_BASE_URL: cdn.baseUrl,
      // The org audit: our channel is the intake's URL; findings to the local ops mailbox; the MSP's
      // own org of the Mackerel seed receives the self-watch metrics.
      AUDIT_WEBHOOK_URL_PREFIX: `${urlOf('intake')}/hooks/mackerel/`,
      AUDIT_MAIL_TO: 'ops@msp.example',
      SELF_WATCH_ORG: 'msp-self',
      // The console behind the local IAP: assertions signed by its key, POSTs only from its origin.
      CONSOLE_IAP_AUDIENCE: LOCAL_IAP_AUDIENCE,
      CONSOLE_IAP_KEYS_URL: iap.keysUrl,
      CONSOLE_ORIGIN: iap.baseUrl,
      CONSOLE_CACHE_SECONDS: '0',
      MACKEREL_WEB_BASE_URL: mackerel.baseUrl,
      // The probe function: the stand-in targets listen on loopback, which Google Cloud never allows,
      // and its HTTPS certificate is self-signed (Node adds this CA to its trust store).
      PROBE_ALLOW_LOOPBACK: 'true',
      ...(probeTargets.caPath ? { NODE_EXTRA_CA_CERTS: probeTargets.caPath } : {}),
    };

    // The client switches to emulator mode (no credentials) only through this variable.
    process.env.FIRESTORE_EMULATOR_HOST = firestore.host;
    const db = createFirestore(config.MSP_LOCAL_PROJECT);
    await seedDemo(db);
    await seedCdnDemo(db);
    if (options.demoActivity) {
      await seedHostCountHistory(db, new Date());
      await pushDemoMonitors(db, mackerel);
      await seedDemoProbes(db, probeTargets);
    }
    await db.terminate();

    const running: RunningFunction[] = await Promise.all(
      FUNCTIONS.map((fn) =>
        superviseFunctionProcess(
          {
            name: fn.name,
            entryPoint: fn.entryPoint,
            source: join(distDir, fn.name),
            port: ports.get(fn.name) ?? 0,
            env,
            ...(options.functionNodeArgs ? { nodeArgs: options.functionNodeArgs } : {}),
            onLine: options.onFunctionLine ?? ((name, line) => process.stdout.write(`[${name}] ${line}\n`)),
          },
          logger.child({ component: 'local-stack' }),
        ),
      ),
    );
    for (const fn of running) stops.push(() => fn.stop());

    const client = new PubSub({
      projectId: config.MSP_LOCAL_PROJECT,
      apiEndpoint: env.PUBSUB_EMULATOR_HOST,
      emulatorMode: true,
    });
    const scheduler = new LocalScheduler({
      schedules: SCHEDULES,
      publish: async (topic, payload, attributes) => {
        await client.topic(topic).publishMessage({ json: payload, attributes });
      },
      logger: logger.child({ component: 'local-scheduler' }),
    });
    scheduler.start();
    stops.push(async () => {
      scheduler.stop();
      await client.close();
    });

    const intakeUrl = urlOf('intake');
    if (options.demoActivity) {
      await startDemoActivity({
        projectId: config.MSP_LOCAL_PROJECT,
        pubsubHost: env.PUBSUB_EMULATOR_HOST ?? '',
        demoWebhookUrl: `${intakeUrl}/hooks/mackerel/${DEMO_WEBHOOK_TOKEN}`,
      });
    }
    return {
      intakeUrl,
      demoWebhookUrl: `${intakeUrl}/hooks/mackerel/${DEMO_WEBHOOK_TOKEN}`,
      firestoreHost: firestore.host,
      pubsubHost: env.PUBSUB_EMULATOR_HOST ?? '',
      sendgridUrl: sendgrid.baseUrl,
      chatUrl: chat.baseUrl,
      mackerelUrl: mackerel.baseUrl,
      cdnUrl: cdn.baseUrl,
      consoleUrl: iap.baseUrl,
      iapSigner,
      iapAudience: LOCAL_IAP_AUDIENCE,
      functions: new Map(running.map((fn) => [fn.name, fn.url])),
      processes: new Map(running.map((fn) => [fn.name, fn])),
      pubsub,
      sendgrid,
      chat,
      mackerel,
      cdn,
      probeTargets,
      env,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

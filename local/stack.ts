import { runScript } from '../scripts/script-main';
import { loadConfig } from '../shared/kernel/config/load-config';
import { startLocalStack } from './local-stack';
import { standinSeedPath } from './mackerel/standin-seed';
import { stackConfigSchema } from './stack-config';

/** `npm start`: the whole pipeline locally; Ctrl-C stops every part. */
async function main(): Promise<void> {
  // No metadata server on a laptop: keep the client libraries from probing for one.
  process.env.METADATA_SERVER_DETECTION = 'none';
  const config = loadConfig('local stack', stackConfigSchema);
  const stack = await startLocalStack({ config, demoActivity: true });
  const lines = [
    '',
    'msp-ops-pipeline local stack',
    `  intake          ${stack.intakeUrl}`,
    `  demo webhook    ${stack.demoWebhookUrl}`,
    `  console         ${stack.consoleUrl}/   (local IAP; sign in as another person at ${stack.consoleUrl}/_local-iap/)`,
    `  mail viewer     ${stack.sendgridUrl}/   (JSON: ${stack.sendgridUrl}/api/messages)`,
    `  chat & paging   ${stack.chatUrl}/   (Slack, Teams, PagerDuty stand-in, also in the mail viewer; JSON: ${stack.chatUrl}/api/messages)`,
    `  Mackerel API    ${stack.mackerelUrl}   (stand-in, orgs from ${standinSeedPath()})`,
    `  CDN usage APIs  ${stack.cdnUrl}   (stand-in: Fastly, Cloudflare, J-Stream-like)`,
    `  probe targets   ${stack.probeTargets.httpUrl}   (HTTP${stack.probeTargets.httpsUrl ? `, HTTPS ${stack.probeTargets.httpsUrl}` : ''}, TCP :${stack.probeTargets.tcpPort}, DNS :${stack.probeTargets.dnsPort}; take a host down: curl -X PUT -d '{"down":true}' ${stack.probeTargets.httpUrl}/_control/targets/web01)`,
    `  Pub/Sub         PUBSUB_EMULATOR_HOST=${stack.pubsubHost}`,
    `  Firestore       FIRESTORE_EMULATOR_HOST=${stack.firestoreHost}`,
    ...[...stack.functions]
      .filter(([name]) => name !== 'intake')
      .map(([name, url]) => `  ${name.padEnd(15)} ${url}`),
    '',
    'try it:',
    `  curl -i -H 'Content-Type: application/json' --data @local/examples/demo-alert-critical.json ${stack.demoWebhookUrl}`,
    'ready',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping\n`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

runScript(main);

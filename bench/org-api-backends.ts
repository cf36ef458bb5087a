import { type RunningFirestoreEmulator, startFirestoreEmulator } from '../local/firestore/firestore-emulator';
import { MackerelStandin } from '../local/mackerel/mackerel-standin';
import type { StandinSeed } from '../local/mackerel/standin-seed';
import { LocalSecretManager } from '../local/secrets/local-secret-manager';
import type { Logger } from '../shared/kernel/log/logger';
import { apiKeySecretOf } from '../shared/mackerel/api/org-api-clients';

export interface OrgApiBackends {
  firestore: RunningFirestoreEmulator;
  mackerel: MackerelStandin;
  secrets: LocalSecretManager;
  secretsPort: number;
  stop(): Promise<void>;
}

/** The emulator, the Mackerel stand-in serving `seed`, and every seeded org's key in the local Secret Manager. */
export async function startOrgApiBackends(
  project: string,
  seed: StandinSeed,
  logger: Logger,
): Promise<OrgApiBackends> {
  const firestore = await startFirestoreEmulator(0);
  const mackerel = new MackerelStandin({ seed, port: 0, logger });
  await mackerel.start();
  const secrets = new LocalSecretManager({
    projectId: project,
    port: 0,
    secrets: Object.fromEntries(seed.orgs.map((org) => [apiKeySecretOf(org.name), org.apiKey])),
    logger,
  });
  const secretsPort = await secrets.start();
  return {
    firestore,
    mackerel,
    secrets,
    secretsPort,
    async stop() {
      await secrets.stop();
      await mackerel.stop();
      firestore.stop();
    },
  };
}

/** What a function process needs to reach these backends and the local Pub/Sub server. */
export const backendsEnv = (project: string, backends: OrgApiBackends, pubsubPort: number) => ({
  GOOGLE_CLOUD_PROJECT: project,
  FIRESTORE_EMULATOR_HOST: backends.firestore.host,
  PUBSUB_EMULATOR_HOST: `127.0.0.1:${pubsubPort}`,
  METADATA_SERVER_DETECTION: 'none',
  MACKEREL_API_BASE_URL: backends.mackerel.baseUrl,
  SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${backends.secretsPort}`,
});

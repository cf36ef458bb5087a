import { readFileSync } from 'node:fs';
import { http } from '@google-cloud/functions-framework';
import { firestoreConsoleUsers } from '../../shared/console/auth/adapters/firestore-console-users';
import { iapSigningKeys } from '../../shared/console/auth/adapters/iap-signing-keys';
import { consoleConfigSchema } from '../../shared/console/console-config';
import { consoleApp } from '../../shared/console/http/console-app';
import { firestoreConsoleReads } from '../../shared/console/read/adapters/firestore-console-reads';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { deferBodyReadErrors } from '../../shared/platform/http/defer-body-read-errors';
import { servingFetch } from '../../shared/platform/http/fetch-bridge';
import { secretReaderFromEnv } from '../../shared/platform/secrets/secret-reader-for';

deferBodyReadErrors();
const logger = createLogger({ component: 'console' });
const config = loadConfig('console', consoleConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const secrets = secretReaderFromEnv(config, 10 * 60_000);

const app = consoleApp({
  reads: firestoreConsoleReads(db, config.CONSOLE_CACHE_SECONDS * 1000),
  users: firestoreConsoleUsers(db),
  iapKeys: iapSigningKeys(config.CONSOLE_IAP_KEYS_URL),
  iap: { audience: config.CONSOLE_IAP_AUDIENCE, issuer: config.CONSOLE_IAP_ISSUER },
  csrfKey: async () => Buffer.from(await secrets.read(config.CONSOLE_CSRF_KEY_SECRET), 'utf8'),
  logger,
  now: () => new Date(),
  settings: { origin: config.CONSOLE_ORIGIN, mackerelBaseUrl: config.MACKEREL_WEB_BASE_URL },
  assets: { htmx: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8') },
});

/** The operator console: server-rendered pages behind Identity-Aware Proxy (infra/console.tf). */
http(
  'console',
  servingFetch((request) => Promise.resolve(app.fetch(request))),
);

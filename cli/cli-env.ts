import { z } from 'zod';
import { gcpProject, hostPort } from '../shared/kernel/config/env-fields';
import { UsageError } from './cli-errors';

/** The project `npm start` runs as; the emulator keeps each project's data apart. */
export const LOCAL_PROJECT = 'demo-local';
/** The Mackerel stand-in as `npm start` serves it. */
export const LOCAL_MACKEREL_URL = 'http://127.0.0.1:8070';
/** Intake as `npm start` serves it. */
export const LOCAL_INTAKE_URL = 'http://127.0.0.1:8080';

/** A variable set to '' counts as unset, as shells and CI templates often leave them. */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const cliEnvSchema = z.object({
  GOOGLE_CLOUD_PROJECT: optional(gcpProject),
  FIRESTORE_EMULATOR_HOST: optional(hostPort),
  PUBSUB_EMULATOR_HOST: optional(hostPort),
  SECRET_MANAGER_LOCAL_ENDPOINT: optional(hostPort),
  /** Where webhook URLs printed by `org token rotate` start, unless --intake-url says. */
  MSP_INTAKE_URL: optional(z.url({ protocol: /^https?$/ })),
  /** Mackerel's API (monitors commands); locally the stand-in of `npm start`. */
  MACKEREL_API_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
});

/**
 * Where the CLI works: `local` (FIRESTORE_EMULATOR_HOST set: `npm start`'s emulator and stand-ins) or
 * Google Cloud (GOOGLE_CLOUD_PROJECT, Application Default Credentials). Never a mix: a local session with
 * no local Pub/Sub or Secret Manager endpoint is refused rather than sent to the real services.
 */
export interface CliEnv {
  project: string;
  local: boolean;
  /** Set locally; absent in Google Cloud. */
  pubsubHost: string | undefined;
  secretManagerEndpoint: string | undefined;
  intakeUrl: string | undefined;
  /** Unset in Google Cloud: Mackerel itself. */
  mackerelBaseUrl: string | undefined;
}

export function cliEnvOf(env: NodeJS.ProcessEnv): CliEnv {
  const parsed = cliEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new UsageError(`bad environment: ${issues.join('; ')}`);
  }
  const e = parsed.data;
  const local = e.FIRESTORE_EMULATOR_HOST !== undefined;
  const project = e.GOOGLE_CLOUD_PROJECT ?? (local ? LOCAL_PROJECT : undefined);
  if (project === undefined) {
    throw new UsageError(
      'set GOOGLE_CLOUD_PROJECT (Google Cloud, with Application Default Credentials) or FIRESTORE_EMULATOR_HOST (local)',
    );
  }
  return {
    project,
    local,
    pubsubHost: e.PUBSUB_EMULATOR_HOST,
    secretManagerEndpoint: e.SECRET_MANAGER_LOCAL_ENDPOINT,
    intakeUrl: e.MSP_INTAKE_URL ?? (local ? LOCAL_INTAKE_URL : undefined),
    mackerelBaseUrl: e.MACKEREL_API_BASE_URL ?? (local ? LOCAL_MACKEREL_URL : undefined),
  };
}

/** Throws unless the service's endpoint is set exactly when the session is local. */
export function requireSameMode(env: CliEnv, variable: string, endpoint: string | undefined): void {
  if (env.local && endpoint === undefined) {
    throw new UsageError(
      `FIRESTORE_EMULATOR_HOST is set (local) but ${variable} is not: refusing to use Google Cloud from a local session`,
    );
  }
  if (!env.local && endpoint !== undefined) {
    throw new UsageError(`${variable} is set but FIRESTORE_EMULATOR_HOST is not: set both or neither`);
  }
}

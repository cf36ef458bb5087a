import { z } from 'zod';
import { envInt } from '../shared/kernel/config/env-fields';
import { loadConfig } from '../shared/kernel/config/load-config';

/** `npm run bench` settings; 0 skips a part. A bad value stops the run with one line naming it. */
export const benchSettingsSchema = z.object({
  /** Seconds of load per intake / no-op comparison. */
  BENCH_DURATION_SECONDS: envInt(0, 600).default(10),
  /** Events of the webhook -> mail latency run at 20 events/s. */
  BENCH_E2E_EVENTS: envInt(0, 5000).default(200),
  /** Events of each kind (first alert, folded, duplicate, recovery) in the push-cost run. */
  BENCH_PUSH_COST_EVENTS: envInt(0, 2000).default(200),
  /** Orgs of the audit round (100 hosts each). */
  BENCH_AUDIT_ORGS: envInt(0, 10_000).default(1000),
  BENCH_HOSTS_SEARCH: envInt(0, 1).default(1),
  /** The console's Now and Hosts pages over 1,000 orgs, 100,000 hosts and 10,000 open alerts. */
  BENCH_CONSOLE: envInt(0, 1).default(1),
  /** Orgs of the monitors diff (30 monitors each, 50 ms API latency). */
  BENCH_MONITORS_ORGS: envInt(0, 5000).default(1000),
  /** Orgs of the probe rounds (20 HTTP probes each, 50 ms targets, two rounds on consecutive minutes). */
  BENCH_PROBE_ORGS: envInt(0, 5000).default(1000),
  /** Webhooks of the storm, over 70 orgs in 60 s. */
  BENCH_STORM_EVENTS: envInt(0, 100_000).default(10_000),
});

export type BenchSettings = z.infer<typeof benchSettingsSchema>;

export const benchSettings = (env: NodeJS.ProcessEnv = process.env): BenchSettings =>
  loadConfig('bench', benchSettingsSchema, env);

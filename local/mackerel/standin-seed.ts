import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { apiAlertWireSchema } from '../../shared/mackerel/api/alert-schema';
import { apiChannelSchema } from '../../shared/mackerel/api/channel-schema';
import { apiDowntimeSchema } from '../../shared/mackerel/api/downtime-schema';
import { apiHostSchema } from '../../shared/mackerel/api/host-schema';
import { apiMonitorSchema } from '../../shared/mackerel/api/monitor-schema';

/** One Mackerel org: its key, and objects in exactly the REST API's shapes (alerts with UPPER case status). */
const seedOrgSchema = z
  .object({
    name: z.string().min(1),
    displayName: z.string().nullable(),
    apiKey: z.string().min(1),
    /** Added to every API answer for this org (the stand-in's default when absent). */
    latencyMs: z.int().min(0).max(60_000).optional(),
    /** A key without write permission: monitor and downtime writes answer 403. */
    readOnly: z.boolean().default(false),
    hosts: z.array(apiHostSchema).default([]),
    alerts: z.array(apiAlertWireSchema).default([]),
    monitors: z.array(apiMonitorSchema).default([]),
    channels: z.array(apiChannelSchema).default([]),
    downtimes: z.array(apiDowntimeSchema).default([]),
  })
  .superRefine((org, ctx) => {
    for (const [what, items] of [
      ['host', org.hosts],
      ['alert', org.alerts],
      ['monitor', org.monitors],
      ['channel', org.channels],
      ['downtime', org.downtimes],
    ] as const) {
      const duplicate = findDuplicate(items.map((item) => item.id));
      if (duplicate !== undefined)
        ctx.addIssue({ code: 'custom', message: `duplicate ${what} id ${duplicate}` });
    }
  });

export const standinSeedSchema = z.object({ orgs: z.array(seedOrgSchema) }).superRefine((seed, ctx) => {
  const name = findDuplicate(seed.orgs.map((org) => org.name));
  if (name !== undefined) ctx.addIssue({ code: 'custom', message: `duplicate org name ${name}` });
  // The key selects the org, so two orgs sharing one would make one of them unreachable. Not quoted: a key.
  if (findDuplicate(seed.orgs.map((org) => org.apiKey)) !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'two orgs share an apiKey' });
  }
});

/** What a seed file or an in-memory seed may hold (defaults not yet applied). */
export type StandinSeed = z.input<typeof standinSeedSchema>;
export type StandinSeedOrg = z.infer<typeof seedOrgSchema>;

function findDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/** The seed `npm start` serves: MACKEREL_STANDIN_SEED when set, else local/mackerel/seed.json. */
export function standinSeedPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MACKEREL_STANDIN_SEED || join(__dirname, 'seed.json');
}

/** Validates a seed; the error lists every bad field by path (`orgs.0.hosts.2.status`). */
export function parseStandinSeed(seed: unknown, source: string): z.infer<typeof standinSeedSchema> {
  const parsed = standinSeedSchema.safeParse(seed);
  if (!parsed.success)
    throw new Error(`bad Mackerel stand-in seed (${source}):\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export async function readStandinSeed(path: string): Promise<StandinSeed> {
  return parseStandinSeed(JSON.parse(await readFile(path, 'utf8')), path);
}

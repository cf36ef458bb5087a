import { z } from 'zod';
import { envInt } from '../shared/kernel/config/env-fields';

const port = envInt(0, 65_535);

/** Local stack ports; each can be overridden by environment (0 picks a free port). */
export const stackConfigSchema = z.object({
  MSP_LOCAL_INTAKE_PORT: port.default(8080),
  MSP_LOCAL_PUBSUB_PORT: port.default(8085),
  MSP_LOCAL_FIRESTORE_PORT: port.default(8086),
  MSP_LOCAL_SENDGRID_PORT: port.default(8025),
  /** Slack / Teams webhooks and PagerDuty Events API stand-in, its viewer framed in the mail viewer's. */
  MSP_LOCAL_CHAT_PORT: port.default(8026),
  /** Mackerel API stand-in (seed: MACKEREL_STANDIN_SEED, else local/mackerel/seed.json). */
  MSP_LOCAL_MACKEREL_PORT: port.default(8070),
  /** Secret Manager (gRPC) holding the stand-in orgs' API keys and the CDN tokens. */
  MSP_LOCAL_SECRETS_PORT: port.default(8071),
  /** CDN usage APIs stand-in (Fastly, Cloudflare, a J-Stream-like JSON API). */
  MSP_LOCAL_CDN_PORT: port.default(8072),
  /** Probe targets stand-in (HTTP; its HTTPS, TCP and DNS parts take free ports). */
  MSP_LOCAL_PROBE_TARGETS_PORT: port.default(8073),
  /** The console, behind the local Identity-Aware Proxy stand-in. */
  MSP_LOCAL_CONSOLE_PORT: port.default(8030),
  /** Push-triggered functions get consecutive ports from here (0 = free ports). */
  MSP_LOCAL_FUNCTIONS_BASE_PORT: port.default(8090),
  MSP_LOCAL_PROJECT: z.string().default('demo-local'),
});

/** A config written out by hand (benchmarks) may leave the chat port out: a free port then. */
export type StackConfig = Omit<
  z.infer<typeof stackConfigSchema>,
  'MSP_LOCAL_CHAT_PORT' | 'MSP_LOCAL_PROBE_TARGETS_PORT'
> & {
  MSP_LOCAL_CHAT_PORT?: number;
  MSP_LOCAL_PROBE_TARGETS_PORT?: number;
};

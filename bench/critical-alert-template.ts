import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo's critical host alert webhook: every benchmark posts variations of it. */
export const criticalAlertTemplate = JSON.parse(
  readFileSync(join(__dirname, '..', 'local', 'examples', 'demo-alert-critical.json'), 'utf8'),
) as { alert: Record<string, unknown> } & Record<string, unknown>;

import type { RoutingConfigProblem } from '../shared/alerting/adapters/firestore-routing-config';

/** Documents that do not parse, one line each: listings show them instead of hiding them. */
export const problemLines = (problems: readonly RoutingConfigProblem[]): string[] =>
  problems.map((p) => `unreadable ${p.path}: ${p.issues.join('; ')}`);

import type { DocumentSnapshot } from '@google-cloud/firestore';
import type { z } from 'zod';
import type { RoutingConfigProblem } from '../shared/alerting/adapters/firestore-routing-config';

export interface ParsedConfigDocs<T> {
  items: T[];
  /** Documents that do not parse, named, so a listing shows them instead of hiding them. */
  problems: RoutingConfigProblem[];
}

/**
 * Routing-config documents as stored, disabled and ended ones included (the router's `load` leaves those
 * out; listings must show them), the id put back from the path as the schemas expect and the TTL field
 * left aside, as firestoreRoutingConfig reads them.
 */
export function parseConfigDocs<S extends z.ZodType>(
  docs: readonly DocumentSnapshot[],
  schema: S,
): ParsedConfigDocs<z.infer<S>> {
  const result: ParsedConfigDocs<z.infer<S>> = { items: [], problems: [] };
  for (const doc of docs) {
    const { expiresAt: _ttl, ...data } = doc.data() ?? {};
    const parsed = schema.safeParse({ ...data, id: doc.id });
    if (parsed.success) result.items.push(parsed.data);
    else {
      const issues = parsed.error.issues.map(
        (i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`,
      );
      result.problems.push({ path: doc.ref.path, issues });
    }
  }
  return result;
}

export const problemLines = (problems: readonly RoutingConfigProblem[]): string[] =>
  problems.map((p) => `unreadable ${p.path}: ${p.issues.join('; ')}`);

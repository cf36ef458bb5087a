import { z } from 'zod';

/** gRPC status codes the Firestore client rejects with, for the few outcomes adapters expect. */
export const FIRESTORE_CODES = { alreadyExists: 6, notFound: 5, failedPrecondition: 9 } as const;

export function firestoreErrorCode(error: unknown): number | undefined {
  const parsed = z.object({ code: z.number() }).safeParse(error);
  return parsed.success ? parsed.data.code : undefined;
}

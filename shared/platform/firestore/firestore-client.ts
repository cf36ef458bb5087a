import { Firestore } from '@google-cloud/firestore';

/**
 * One client per instance. With FIRESTORE_EMULATOR_HOST set the library talks to the emulator
 * (locally the npm emulator); otherwise to the project's database with Application Default Credentials.
 */
export function createFirestore(projectId: string): Firestore {
  return new Firestore({ projectId, ignoreUndefinedProperties: true });
}

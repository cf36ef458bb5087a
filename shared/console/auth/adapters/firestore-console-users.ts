import type { Firestore } from '@google-cloud/firestore';
import { COLLECTIONS } from '../../../platform/firestore/firestore-collections';
import { consoleUserIdOf, consoleUserSchema } from '../console-role';
import type { ConsoleUsers } from '../console-users';

/** consoleUsers/{lower-case email}; a document that does not parse grants nothing. */
export function firestoreConsoleUsers(db: Firestore): ConsoleUsers {
  const users = db.collection(COLLECTIONS.consoleUsers);
  return {
    async get(email) {
      const parsed = consoleUserSchema.safeParse((await users.doc(consoleUserIdOf(email)).get()).data());
      return parsed.success ? parsed.data : undefined;
    },
    async list() {
      return (await users.get()).docs.flatMap((doc) => {
        const parsed = consoleUserSchema.safeParse(doc.data());
        return parsed.success ? [parsed.data] : [];
      });
    },
    async put(user) {
      const parsed = consoleUserSchema.parse(user);
      await users.doc(consoleUserIdOf(parsed.email)).set({ ...parsed, email: consoleUserIdOf(parsed.email) });
    },
    async remove(email) {
      const ref = users.doc(consoleUserIdOf(email));
      if (!(await ref.get()).exists) return false;
      await ref.delete();
      return true;
    },
  };
}

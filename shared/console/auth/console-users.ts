import type { ConsoleUser } from './console-role';

/** Who may use the console, and as what (Firestore consoleUsers in production). */
export interface ConsoleUsers {
  get(email: string): Promise<ConsoleUser | undefined>;
  list(): Promise<ConsoleUser[]>;
  put(user: ConsoleUser): Promise<void>;
  /** False when there was no such user. */
  remove(email: string): Promise<boolean>;
}

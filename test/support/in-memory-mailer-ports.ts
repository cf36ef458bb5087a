import type { DeadLetterRecord, DeadLetterStore } from '../../shared/notify/delivery/dead-letter-store';
import type { DeliveryRecord } from '../../shared/notify/delivery/delivery-record';
import type { DeliveryStore, StoredDelivery } from '../../shared/notify/delivery/delivery-store';
import type { MailSender, OutgoingMail, SentMail } from '../../shared/notify/delivery/mail-sender';

/**
 * The mailer's ports in memory. The delivery store honours create() and version preconditions exactly
 * as Firestore does (which the npm emulator does not for preconditions), so races are tested here.
 */
export class InMemoryDeliveryStore implements DeliveryStore {
  private readonly records = new Map<string, StoredDelivery>();
  private nextVersion = 1;
  /** Fails the next replace() calls (a Firestore outage after the send). */
  replaceFailures = 0;
  /** Runs inside replace() before the version check: lets a test slip a competing write in. */
  beforeReplace: (() => void) | undefined;

  async create(record: DeliveryRecord): Promise<string | undefined> {
    if (this.records.has(record.notificationId)) return undefined;
    return this.write(record);
  }

  async get(notificationId: string): Promise<StoredDelivery | undefined> {
    const stored = this.records.get(notificationId);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  async replace(record: DeliveryRecord, version: string): Promise<string | undefined> {
    if (this.replaceFailures > 0) {
      this.replaceFailures--;
      throw new Error('14 UNAVAILABLE: firestore is down');
    }
    const hook = this.beforeReplace;
    this.beforeReplace = undefined;
    hook?.();
    const current = this.records.get(record.notificationId);
    if (current === undefined || current.version !== version) return undefined;
    return this.write(record);
  }

  /** The stored record, for assertions. */
  record(notificationId: string): DeliveryRecord | undefined {
    return this.records.get(notificationId)?.record;
  }

  /** Writes behind the mailer's back (another instance, or a test arranging a state). */
  put(record: DeliveryRecord): string {
    return this.write(record);
  }

  private write(record: DeliveryRecord): string {
    const version = String(this.nextVersion++);
    this.records.set(record.notificationId, { record: structuredClone(record), version });
    return version;
  }
}

/** An answer, an Error to reject with, or a function run at send time (a slow or racing send). */
type SendStep = SentMail | Error | Promise<SentMail> | (() => Promise<SentMail>);

/** Records every send; answers from a script of steps, then with generated message ids. */
export class ScriptedMailSender implements MailSender {
  readonly sent: OutgoingMail[] = [];
  readonly attempts: OutgoingMail[] = [];
  private readonly script: SendStep[] = [];

  /** The next sends answer these, in order (an Error rejects). */
  answer(...steps: SendStep[]): this {
    this.script.push(...steps);
    return this;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    this.attempts.push(mail);
    const step = this.script.shift() ?? { messageId: `msg-${this.attempts.length}` };
    if (step instanceof Error) throw step;
    const result = await (typeof step === 'function' ? step() : step);
    this.sent.push(mail);
    return result;
  }
}

export class InMemoryDeadLetters implements DeadLetterStore {
  readonly records = new Map<string, DeadLetterRecord>();

  async record(entry: DeadLetterRecord): Promise<boolean> {
    if (this.records.has(entry.id)) return false;
    this.records.set(entry.id, structuredClone(entry));
    return true;
  }
}

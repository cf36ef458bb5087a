import type { MailSender, OutgoingMail } from '../../../shared/notify/delivery/mail-sender';
import type { SentMessage } from '../../../shared/notify/delivery/send-error';

/** An answer, an Error to reject with, or a function run at send time (a slow or racing send). */
type SendStep = SentMessage | Error | Promise<SentMessage> | (() => Promise<SentMessage>);

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

  async send(mail: OutgoingMail): Promise<SentMessage> {
    this.attempts.push(mail);
    const step = this.script.shift() ?? { messageId: `msg-${this.attempts.length}` };
    if (step instanceof Error) throw step;
    const result = await (typeof step === 'function' ? step() : step);
    this.sent.push(mail);
    return result;
  }
}

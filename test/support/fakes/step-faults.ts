/**
 * The router's fakes behave as the Firestore adapters do in Firestore: writes are conditional on the
 * version read (which the npm emulator does not enforce), history entries are create-only, markers
 * expire. Any step can be made to fail once, before or after its effect, to play a process dying at that
 * line.
 */

export type Step =
  | 'markers.isDone'
  | 'markers.markDone'
  | 'routing.load'
  | 'hosts.get'
  | 'hosts.put'
  | 'alerts.get'
  | 'alerts.put'
  | 'alerts.replaceOutbox'
  | 'alerts.recordEvent'
  | 'publisher.publish';

export const ALL_STEPS: readonly Step[] = [
  'markers.isDone',
  'markers.markDone',
  'routing.load',
  'hosts.get',
  'hosts.put',
  'alerts.get',
  'alerts.put',
  'alerts.replaceOutbox',
  'alerts.recordEvent',
  'publisher.publish',
];

export class Faults {
  private armed: { step: Step; when: 'before' | 'after' } | undefined;
  /** Steps reached, in order (every call). */
  readonly reached: Step[] = [];
  fired = false;

  arm(step: Step, when: 'before' | 'after'): void {
    this.armed = { step, when };
    this.fired = false;
  }

  hit(step: Step, when: 'before' | 'after'): void {
    if (when === 'before') this.reached.push(step);
    if (this.armed?.step === step && this.armed.when === when) {
      this.armed = undefined;
      this.fired = true;
      throw new Error(`injected failure ${when} ${step}`);
    }
  }
}

export interface Stored<T> {
  value: T;
  version: number;
}

export const clone = <T>(value: T): T => structuredClone(value);

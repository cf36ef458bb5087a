import {
  DEFAULT_TARGET_BEHAVIOUR,
  type TargetBehaviour,
  type TargetBehaviourInput,
  targetBehaviourSchema,
  targetNameSchema,
} from './target-behaviour';

/** Behaviours set per target name, and how many requests each name received (down ones included). */
export class TargetBook {
  private readonly behaviours = new Map<string, TargetBehaviour>();
  private readonly counts = new Map<string, number>();

  /** Throws on a bad name or behaviour: the method API is for code, which should be told loudly. */
  set(name: string, input: TargetBehaviourInput): TargetBehaviour {
    const behaviour = targetBehaviourSchema.parse(input);
    this.behaviours.set(targetNameSchema.parse(name), behaviour);
    return behaviour;
  }

  /** Back to the default behaviour and a zero count. */
  reset(name: string): void {
    this.behaviours.delete(name);
    this.counts.delete(name);
  }

  resetAll(): void {
    this.behaviours.clear();
    this.counts.clear();
  }

  /** Counts the request and says how to answer it. */
  take(name: string): TargetBehaviour {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    return this.behaviours.get(name) ?? DEFAULT_TARGET_BEHAVIOUR;
  }

  requests(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Set behaviours and every count, for the control route. */
  snapshot(): {
    default: TargetBehaviour;
    targets: Record<string, TargetBehaviour>;
    requests: Record<string, number>;
  } {
    return {
      default: DEFAULT_TARGET_BEHAVIOUR,
      targets: Object.fromEntries(this.behaviours),
      requests: Object.fromEntries(this.counts),
    };
  }
}

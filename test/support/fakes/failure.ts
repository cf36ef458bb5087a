/**
 * Each file of test/support/fakes/ is one in-memory port, for unit tests of the use cases. The simple ones
 * can be told to fail, or to never answer ('hang'), the way a struggling backend does.
 */
export type Failure = Error | 'hang' | undefined;

export const never = <T>(): Promise<T> => new Promise<T>(() => {});

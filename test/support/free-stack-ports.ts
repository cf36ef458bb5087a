import { stackConfigSchema } from '../../local/stack-config';

/** Every local-stack port set to 0 (a free one), so tests can run beside an `npm start` and each other. */
export const FREE_STACK_PORTS: Record<string, string> = Object.fromEntries(
  Object.keys(stackConfigSchema.shape)
    .filter((key) => key.endsWith('_PORT'))
    .map((key) => [key, '0']),
);

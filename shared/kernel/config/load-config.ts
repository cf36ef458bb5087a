import type { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses environment variables through a zod object schema. On failure names every missing or bad
 * variable at once, never its value (values may be secrets), so a misconfigured deploy fails at start.
 */
export function loadConfig<S extends z.ZodType>(
  component: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const missing = issue.path.length > 0 && env[String(issue.path[0])] === undefined;
    return `${variable}: ${missing ? 'missing' : issue.message}`;
  });
  throw new ConfigError(`${component} cannot start, bad configuration: ${problems.join('; ')}`);
}

import { z } from 'zod';

/** Thrown at boot when the environment does not satisfy an app's config schema. */
export class ConfigValidationError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`[${service}] invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Validates `env` against an app's schema once, at boot, and returns the typed config.
 * Every bad variable is listed (not only the first); values are never echoed, so secrets
 * cannot leak into the error.
 */
export function loadConfig<S extends z.ZodObject>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    return `${name}: ${issue.message}`;
  });
  throw new ConfigValidationError(service, problems);
}

/** Names of the environment variables a schema reads (used by the compose/k8s consistency test). */
export function configKeys(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/** Names of the variables a schema requires (no default, not optional). */
export function requiredConfigKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

/** Settings every service reads; each service extends this with its own. */
export const BaseConfigSchema = z.object({
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|wss?):\/\/\S+$/, 'expected a NATS URL such as nats://127.0.0.1:4222'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' }),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: port.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  BUS_COMMAND_MAX_AGE_MS: z.coerce.number().int().positive().optional(),
  BUS_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(1024).optional(),
  BUS_RETRY_DELAY_MS: z.coerce.number().int().min(1).max(60_000).optional(),
});
export type BaseConfig = z.infer<typeof BaseConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once, at start-up; every problem is reported by variable name. */
export function loadConfig<S extends z.ZodType<BaseConfig>>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        return issue.path.length === 1 &&
          present[String(issue.path[0])] === undefined &&
          issue.code === 'invalid_type'
          ? `${name} is required`
          : `${name}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

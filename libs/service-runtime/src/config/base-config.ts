import { readFileSync } from 'node:fs';
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
  // JetStream keeps at most 5 copies of a stream; more than 1 needs a NATS cluster.
  BUS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).optional(),
});
export type BaseConfig = z.infer<typeof BaseConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Settings that hold a secret, which may instead be read from a file named by `<NAME>_FILE`
 * (Docker and Kubernetes secrets, or a 0600 file an MCP client config points at), so the
 * secret stays out of process listings and pasted configs.
 */
export const SECRET_FILE_SETTINGS = [
  'DATABASE_URL',
  'NATS_URL',
  'MCP_BEARER_TOKEN',
  'MCP_ADMIN_TOKEN',
  'MCP_STATE_KEY',
  'PVE_TOKEN_SECRET',
] as const;

function withSecretFiles(present: Record<string, string>, problems: string[]): Record<string, string> {
  const resolved = { ...present };
  for (const name of SECRET_FILE_SETTINGS) {
    const file = present[`${name}_FILE`];
    if (file === undefined) continue;
    if (present[name] !== undefined) {
      problems.push(`${name} and ${name}_FILE are both set: use one`);
      continue;
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').trim();
    } catch (error) {
      problems.push(
        `${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  return resolved;
}

/** Parses the environment once, at start-up; every problem is reported by variable name. */
export function loadConfig<S extends z.ZodType<BaseConfig>>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const problems: string[] = [];
  const present = withSecretFiles(
    Object.fromEntries(
      Object.entries(env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
      ),
    ),
    problems,
  );
  if (problems.length > 0) throw new ConfigError(problems);
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

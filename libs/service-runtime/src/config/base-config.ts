import { readFileSync } from 'node:fs';
import { BusDefaults } from '@proxmox-mpc/bus';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

/**
 * Settings every service reads; each service extends this with its own. Every setting is
 * described here (`.describe`), and docs/reference/configuration.md is generated from it.
 */
export const BaseConfigSchema = z.object({
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|wss?):\/\/\S+$/, 'expected a NATS URL such as nats://127.0.0.1:4222')
    .describe(
      'The NATS server, e.g. `nats://127.0.0.1:4222`; credentials as `nats://user:password@host:4222` ' +
        '(special characters of the password URL-encoded) or `nats://token@host:4222`.',
    ),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' })
    .describe('PostgreSQL, `postgres://user:password@host:5432/db`; each service uses a schema of its own.'),
  HTTP_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('Address of `/health`, `/health/live` and `/metrics` (and `/mcp` on mcp-edge).'),
  HTTP_PORT: port.optional().describe('Port of the same; each service has its own default.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Least severe log level written (`fatal` … `trace`, or `silent`).'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url()
    .optional()
    .describe(
      'OTLP/HTTP base URL traces are exported to, e.g. `http://localhost:4318` (Jaeger); unset, none are.',
    ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url()
    .optional()
    .describe('The full OTLP/HTTP traces URL, instead of the base URL above (the OpenTelemetry convention).'),
  BUS_COMMAND_MAX_AGE_MS: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      `Commands older than this are refused (\`expired\`) rather than acted on late; default ${BusDefaults.commandMaxAgeMs}.`,
    ),
  BUS_CONSUMER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024)
    .optional()
    .describe(
      `Messages one replica handles at once per consumer; default ${BusDefaults.concurrency} ` +
        '(the audit service sets 500 for its own consumers, which fills its write batches).',
    ),
  BUS_RETRY_DELAY_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(60_000)
    .optional()
    .describe(
      `First redelivery delay of a failed message, doubling up to ${BusDefaults.maxRetryDelayMs} ms over ` +
        `${BusDefaults.maxDeliver} deliveries; default ${BusDefaults.retryDelayMs}.`,
    ),
  // JetStream keeps at most 5 copies of a stream; more than 1 needs a NATS cluster.
  BUS_STREAM_REPLICAS: z.coerce
    .number()
    .int()
    .min(1)
    .max(5)
    .optional()
    .describe(
      `Servers holding a copy of the \`CMD\`, \`EVT\` and \`LOG\` streams (1 to 5; default ${BusDefaults.streamReplicas}; ` +
        'more than 1 needs a NATS cluster that large); a changed value moves the existing streams at start.',
    ),
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
  'PVE_SECRETS_KEY',
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

import { Injectable } from '@nestjs/common';

export interface CheckResult {
  ok: boolean;
  detail?: string;
  latencyMs?: number;
}

export type HealthCheck = () => Promise<CheckResult>;

const CHECK_TIMEOUT_MS = 2_000;

/** Named readiness checks; the platform registers NATS and Postgres, services add theirs. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async run(): Promise<Record<string, CheckResult>> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runWithTimeout(check)] as const),
    );
    return Object.fromEntries(entries);
  }
}

async function runWithTimeout(check: HealthCheck): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    const result = await Promise.race([
      check().catch((error: unknown) => ({ ok: false, detail: (error as Error).message })),
      timeout,
    ]);
    return { latencyMs: Math.round(performance.now() - started), ...result };
  } finally {
    clearTimeout(timer);
  }
}

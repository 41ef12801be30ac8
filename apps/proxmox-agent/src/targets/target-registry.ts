import { readFileSync } from 'node:fs';
import { HandlerError } from '@proxmox-mpc/bus';
import { PveClient } from '@proxmox-mpc/pve-client';
import { Metrics, type Logger } from '@proxmox-mpc/telemetry';
import type { ProxmoxTarget } from './proxmox-target';
import type { TargetSettings } from './target-config';

function createClient(settings: TargetSettings, logger: Logger): PveClient {
  return new PveClient({
    baseUrl: settings.url,
    auth:
      'tokenId' in settings.auth
        ? { kind: 'token', tokenId: settings.auth.tokenId, secret: settings.auth.tokenSecret }
        : { kind: 'ticket', username: settings.auth.username, password: settings.auth.password },
    ...(settings.caFile ? { caPem: readFileSync(settings.caFile, 'utf8') } : {}),
    insecureTls: settings.insecureTls,
    timeoutMs: settings.timeoutMs,
    maxConcurrency: settings.maxConcurrency,
    circuitBreaker: {
      failureThreshold: settings.circuitFailureThreshold,
      cooldownMs: settings.circuitCooldownMs,
    },
    onCircuitChange: (change) =>
      logger.warn({ target: settings.name, ...change }, `circuit to ${settings.name} is now ${change.to}`),
    onRequest: ({ method, pathTemplate, status, durationMs }) =>
      Metrics.pveRequestSeconds.observe(
        { target: settings.name, method, path: pathTemplate, status: String(status) },
        durationMs / 1000,
      ),
  });
}

/** The clusters this agent manages; resolves a message's `target` to one of them. */
export class TargetRegistry {
  private readonly targets: ReadonlyMap<string, ProxmoxTarget>;

  constructor(settings: readonly TargetSettings[], logger: Logger) {
    this.targets = new Map(
      settings.map((target) => [
        target.name,
        { name: target.name, settings: target, client: createClient(target, logger) },
      ]),
    );
  }

  all(): ProxmoxTarget[] {
    return [...this.targets.values()];
  }

  /** The named target; without a name, the only one (naming one is required when there are several). */
  resolve(name: string | undefined): ProxmoxTarget {
    if (name === undefined) {
      if (this.targets.size === 1) return this.all()[0] as ProxmoxTarget;
      throw new HandlerError(
        'INVALID_MESSAGE',
        `several clusters are managed (${[...this.targets.keys()].join(', ')}); name one as the target`,
        false,
      );
    }
    const target = this.targets.get(name);
    if (!target) {
      throw new HandlerError(
        'NOT_FOUND',
        `target "${name}" is not managed by this agent (known: ${[...this.targets.keys()].join(', ')})`,
        false,
      );
    }
    return target;
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((target) => target.client.close()));
  }
}

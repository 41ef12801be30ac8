import { readFileSync } from 'node:fs';
import { HandlerError } from '@proxmox-mpc/bus';
import { PveClient } from '@proxmox-mpc/pve-client';
import { Metrics, type Logger } from '@proxmox-mpc/telemetry';
import type { ProxmoxTarget } from './proxmox-target';
import type { TargetSettings } from './target-config';

/** A client for one cluster, with the platform's metrics and circuit-change logging. */
export function createPveClient(settings: TargetSettings, logger: Logger): PveClient {
  return new PveClient({
    baseUrl: settings.url,
    auth:
      'tokenId' in settings.auth
        ? { kind: 'token', tokenId: settings.auth.tokenId, secret: settings.auth.tokenSecret }
        : { kind: 'ticket', username: settings.auth.username, password: settings.auth.password },
    ...(settings.caPem ? { caPem: settings.caPem } : {}),
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

/**
 * The clusters this agent manages; resolves a message's `target` to one of them. Clusters
 * connected at run time (`/init`) join with `add`, and whoever keeps per-cluster work
 * (the sync loops, the health checks) hears of them through `onAdded`.
 */
export class TargetRegistry {
  private readonly targets = new Map<string, ProxmoxTarget>();
  private readonly listeners: Array<(target: ProxmoxTarget) => void> = [];

  constructor(
    settings: readonly TargetSettings[],
    private readonly logger: Logger,
  ) {
    for (const target of settings) this.targets.set(target.name, this.targetOf(target));
  }

  all(): ProxmoxTarget[] {
    return [...this.targets.values()];
  }

  has(name: string): boolean {
    return this.targets.has(name);
  }

  /** Manages one more cluster from now on; a name already managed is a conflict. */
  add(settings: TargetSettings): ProxmoxTarget {
    if (this.targets.has(settings.name)) {
      throw new HandlerError('CONFLICT', `target "${settings.name}" is already managed`, false);
    }
    const target = this.targetOf(settings);
    this.targets.set(target.name, target);
    for (const listener of this.listeners) listener(target);
    return target;
  }

  /** Calls `listener` with every cluster added from now on. */
  onAdded(listener: (target: ProxmoxTarget) => void): void {
    this.listeners.push(listener);
  }

  /** The named target; without a name, the only one (naming one is required when there are several). */
  resolve(name: string | undefined): ProxmoxTarget {
    if (this.targets.size === 0) {
      throw new HandlerError(
        'NOT_FOUND',
        'no Proxmox VE cluster is connected yet; an operator connects one with `proxmox-mpc init`',
        false,
      );
    }
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

  private targetOf(settings: TargetSettings): ProxmoxTarget {
    return { name: settings.name, settings, client: createPveClient(settings, this.logger) };
  }
}

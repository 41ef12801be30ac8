import { hostname } from 'node:os';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf, type ServiceHealth } from '@proxmox-mpc/contracts';
import { redactedSettings } from '../config/redacted-settings';
import { SERVICE_CONFIG, SERVICE_NAME } from '../lifecycle/tokens';
import { PLATFORM_VERSION } from '../version';
import { HealthRegistry } from './health-registry';

/**
 * The same checks as `/health`, over the bus: every replica answers for itself, so a
 * console sees each service wherever it runs without reaching its HTTP port.
 */
@Controller()
export class PlatformHealthHandler {
  private readonly startedAt = new Date().toISOString();
  private readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly registry: HealthRegistry,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(SERVICE_CONFIG) private readonly config: object,
  ) {}

  @OnQuery(Subjects.platformHealth, { everyReplica: true })
  async health(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.platformHealth>>,
  ): Promise<ServiceHealth> {
    const checks = await this.registry.run();
    return {
      service: this.service,
      instance: this.instance,
      version: PLATFORM_VERSION,
      startedAt: this.startedAt,
      status: Object.values(checks).every((check) => check.ok) ? 'ok' : 'unavailable',
      checks,
      ...(request.data.includeConfig ? { config: redactedSettings(this.config) } : {}),
    };
  }
}

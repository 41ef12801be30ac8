import { Controller, Get, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SERVICE_NAME } from '../lifecycle/tokens';
import { HealthRegistry } from './health-registry';

@Controller('health')
export class HealthController {
  constructor(
    private readonly registry: HealthRegistry,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** Readiness: 200 when every dependency answers, 503 naming the ones that do not. */
  @Get()
  async ready(@Res() response: Response): Promise<void> {
    const checks = await this.registry.run();
    const ok = Object.values(checks).every((check) => check.ok);
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ok' : 'unavailable',
      service: this.service,
      checks,
    });
  }

  /** Liveness: the process is up and serving HTTP. */
  @Get('live')
  @HttpCode(HttpStatus.OK)
  live(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.service };
  }
}

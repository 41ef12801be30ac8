import { Controller, Get, Res } from '@nestjs/common';
import { metricsRegistry } from '@proxmox-mpc/telemetry';
import type { Response } from 'express';

@Controller('metrics')
export class MetricsController {
  @Get()
  async metrics(@Res() response: Response): Promise<void> {
    response.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}

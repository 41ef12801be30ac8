import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { GetMetricsUseCase, type Metrics } from './get-metrics.use-case';

@Controller()
export class MetricsGetHandler {
  constructor(private readonly getMetrics: GetMetricsUseCase) {}

  @OnQuery(Subjects.proxmoxMetricsGet)
  handle(@Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxMetricsGet>>): Promise<Metrics> {
    return this.getMetrics.execute({ ...request.data, target: request.target });
  }
}

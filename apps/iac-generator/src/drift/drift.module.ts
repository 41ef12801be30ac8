import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { DesiredStates } from './desired-states';
import { DetectDriftUseCase } from './detect-drift.use-case';
import { DriftHandler } from './drift.handler';
import { ReportDriftUseCase } from './report-drift.use-case';

@Module({
  imports: [WorkspacesModule],
  controllers: [DriftHandler],
  providers: [DesiredStates, DetectDriftUseCase, ReportDriftUseCase],
})
export class DriftModule {}

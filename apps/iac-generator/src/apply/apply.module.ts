import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AgentCommands } from './agent-commands';
import { ApplyRevisionUseCase } from './apply-revision.use-case';
import { ApplyHandler } from './apply.handler';
import { BusAgentCommands } from './bus-agent-commands';

@Module({
  imports: [WorkspacesModule],
  controllers: [ApplyHandler],
  providers: [{ provide: AgentCommands, useClass: BusAgentCommands }, ApplyRevisionUseCase],
})
export class ApplyModule {}

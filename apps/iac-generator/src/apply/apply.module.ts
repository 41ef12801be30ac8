import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ApplyHandler } from './apply.handler';

@Module({ imports: [WorkspacesModule], controllers: [ApplyHandler] })
export class ApplyModule {}

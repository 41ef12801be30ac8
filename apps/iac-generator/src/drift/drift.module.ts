import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { DriftHandler } from './drift.handler';

@Module({ imports: [WorkspacesModule], controllers: [DriftHandler] })
export class DriftModule {}

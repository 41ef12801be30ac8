import { Module } from '@nestjs/common';
import { BusInventoryReader, InventoryReader } from '@proxmox-mpc/iac';
import { AnsibleSyntaxCheck } from './ansible-syntax-check';
import { GitWorkspaceRevisions } from './git-workspace-revisions';
import { PlaybookSyntaxCheck } from './playbook-syntax-check';
import { TestRevisionUseCase } from './test-revision.use-case';
import { WorkspaceRevisions } from './workspace-revisions';
import { WorkspaceTestsHandler } from './workspace-tests.handler';

@Module({
  controllers: [WorkspaceTestsHandler],
  providers: [
    { provide: WorkspaceRevisions, useClass: GitWorkspaceRevisions },
    { provide: InventoryReader, useClass: BusInventoryReader },
    { provide: PlaybookSyntaxCheck, useClass: AnsibleSyntaxCheck },
    TestRevisionUseCase,
  ],
})
export class ChecksModule {}

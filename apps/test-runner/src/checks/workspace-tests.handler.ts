import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, OnCommand, OnEvent, type Emit } from '@proxmox-mpc/bus';
import { originFrom, Subjects, type DataOf, type Envelope } from '@proxmox-mpc/contracts';
import { TestRevisionUseCase, type TestRevision } from './test-revision.use-case';

type Completed = Emit<typeof Subjects.testCompleted>;

/**
 * Tests a workspace revision after every generation, when asked, and when a pipeline
 * proposes a commit. Each run ends in one evt.test.completed with every check's result.
 */
@Controller()
export class WorkspaceTestsHandler {
  constructor(private readonly testRevision: TestRevisionUseCase) {}

  @OnEvent(Subjects.iacGenerated)
  afterGeneration(@Payload() event: Envelope<DataOf<typeof Subjects.iacGenerated>>): Promise<Completed> {
    const { workspace, revision, files } = event.data;
    return this.test({
      workspace,
      revision,
      trigger: 'generated',
      origin: originFrom(event),
      generated: files.map((file) => file.sha256),
    });
  }

  @OnCommand(Subjects.testRun)
  onRequest(@Payload() command: Envelope<DataOf<typeof Subjects.testRun>>): Promise<Completed> {
    const { workspace, revision = 'HEAD' } = command.data;
    return this.test({ workspace, revision, trigger: 'command', origin: originFrom(command) });
  }

  @OnEvent(Subjects.ciChangeProposed)
  onProposal(@Payload() event: Envelope<DataOf<typeof Subjects.ciChangeProposed>>): Promise<Completed> {
    const { workspace, commit } = event.data;
    return this.test({ workspace, revision: commit, trigger: 'ci', origin: originFrom(event) });
  }

  private async test(request: TestRevision): Promise<Completed> {
    return emit(Subjects.testCompleted, await this.testRevision.execute(request));
  }
}

import { join, resolve } from 'node:path';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, OnCommand, OnEvent, type Emit } from '@proxmox-mpc/bus';
import { originFrom, Subjects, type DataOf, type Envelope, type Origin } from '@proxmox-mpc/contracts';
import { checkWorkspace, InventoryReader, WorkspaceGit, type CheckResult } from '@proxmox-mpc/iac';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { TestRunnerConfig } from '../config';
import { ansibleSyntaxCheck } from './ansible-syntax-check';

type Completed = Emit<typeof Subjects.testCompleted>;
type Trigger = DataOf<typeof Subjects.testCompleted>['trigger'];

// An event carries at most this many findings per check; the count is in the summary.
const MAX_FINDINGS = 100;

/**
 * Tests a workspace revision: after every generation, when asked, and when a pipeline
 * proposes a commit. Each run ends in one evt.test.completed with every check's result.
 */
@Controller()
export class WorkspaceTestsHandler {
  private readonly root: string;

  constructor(
    private readonly inventory: InventoryReader,
    @Inject(SERVICE_CONFIG) config: TestRunnerConfig,
  ) {
    this.root = resolve(config.IAC_WORKSPACE_ROOT);
  }

  @OnEvent(Subjects.iacGenerated)
  afterGeneration(@Payload() event: Envelope<DataOf<typeof Subjects.iacGenerated>>): Promise<Completed> {
    return this.test(event.data.workspace, event.data.revision, 'generated', originFrom(event));
  }

  @OnCommand(Subjects.testRun)
  onRequest(@Payload() command: Envelope<DataOf<typeof Subjects.testRun>>): Promise<Completed> {
    return this.test(command.data.workspace, command.data.revision ?? 'HEAD', 'command', originFrom(command));
  }

  @OnEvent(Subjects.ciChangeProposed)
  onProposal(@Payload() event: Envelope<DataOf<typeof Subjects.ciChangeProposed>>): Promise<Completed> {
    return this.test(event.data.workspace, event.data.commit, 'ci', originFrom(event));
  }

  private async test(
    workspace: string,
    revision: string,
    trigger: Trigger,
    origin: Origin,
  ): Promise<Completed> {
    const git = new WorkspaceGit(join(this.root, workspace));
    const commit = await git.resolve(revision).catch(() => undefined);
    if (!commit) {
      return this.completed(workspace, undefined, trigger, [
        {
          name: 'hcl-parse',
          status: 'failed',
          summary: `workspace "${workspace}" has no revision ${revision}`,
          findings: [{ location: workspace, message: `no commit ${revision} in the workspace repository` }],
        },
      ]);
    }
    const files = await git.filesAt(commit);
    const settings = JSON.parse(
      files.find((file) => file.path === 'mpc-workspace.json')?.content ?? '{}',
    ) as { target?: string };
    const live = await this.inventory.read(origin, settings.target);
    const policy = files.find((file) => file.path === 'policy.yml')?.content;
    const report = await checkWorkspace(files, policy, live.guests);
    const checks = [...report.checks, await ansibleSyntaxCheck(files)];
    const counts = (action: 'create' | 'update' | 'delete') =>
      report.plan.filter((change) => change.action === action).length;
    return this.completed(workspace, commit, trigger, checks, {
      create: counts('create'),
      update: counts('update'),
      delete: counts('delete'),
    });
  }

  private completed(
    workspace: string,
    revision: string | undefined,
    trigger: Trigger,
    checks: CheckResult[],
    plan = { create: 0, update: 0, delete: 0 },
  ): Completed {
    return emit(Subjects.testCompleted, {
      workspace,
      ...(revision ? { revision } : {}),
      trigger,
      status: checks.some((check) => check.status === 'failed') ? 'failed' : 'passed',
      checks: checks.map((check) => ({ ...check, findings: check.findings.slice(0, MAX_FINDINGS) })),
      plan,
    });
  }
}

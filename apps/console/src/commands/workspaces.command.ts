import { Subjects } from '@proxmox-mpc/contracts';
import { renderTable } from '../cli/table';
import type { CommandDefinition } from './command';

export const workspacesCommand: CommandDefinition = {
  name: 'workspaces',
  summary: 'The IaC workspaces (a git repository each) and the cluster each describes.',
  examples: ['/workspaces'],
  async run(context) {
    const bus = await context.platform.bus();
    const { workspaces } = await bus.query(Subjects.iacWorkspacesList, {}, context.origin());
    return {
      ok: true,
      data: { workspaces },
      lines: workspaces.length
        ? renderTable(
            [{ header: 'WORKSPACE' }, { header: 'CLUSTER' }, { header: 'REVISION' }],
            workspaces.map((workspace) => [
              workspace.name,
              workspace.target,
              workspace.revision?.slice(0, 12) ?? '—',
            ]),
            context.terminal.width,
          )
        : ['no workspaces yet: /init makes one for a cluster'],
    };
  },
};

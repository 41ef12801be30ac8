import { DRIFT_REPORT_TIMEOUT_MS, Subjects } from '@proxmox-mpc/contracts';
import { renderTable } from '../cli/table';
import { findWorkspace } from '../platform/workspaces';
import type { CommandDefinition } from './command';

export const driftCommand: CommandDefinition = {
  name: 'drift',
  summary:
    'Where a cluster and its workspace disagree now: changed settings, guests missing, guests not in code.',
  arguments: [{ name: 'workspace', description: 'the workspace', required: true, complete: 'workspaces' }],
  examples: ['/drift homelab', 'proxmox-mpc drift homelab --json'],
  notes: [
    'Exit code 1 when there is drift, so a pipeline can stop on it (like terraform plan -detailed-exitcode).',
  ],
  async run(context, args) {
    const workspace = await findWorkspace(context, args.positionals[0] as string);
    const bus = await context.platform.bus();
    const report = await bus.query(Subjects.iacDriftReport, { workspace: workspace.name }, context.origin(), {
      timeoutMs: DRIFT_REPORT_TIMEOUT_MS,
    });
    const { colours, width } = context.terminal;
    const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
    return {
      ok: report.drifts.length === 0,
      data: report,
      lines: [
        `${report.workspace} at ${report.revision.slice(0, 12)} against cluster ${report.target}: ` +
          (report.drifts.length === 0
            ? colours.green('no drift')
            : colours.yellow(`${report.drifts.length} guests drifted`)),
        ...(report.drifts.length === 0
          ? []
          : renderTable(
              [
                { header: 'VMID', align: 'right' },
                { header: 'KIND' },
                { header: 'RESOURCE', shrink: true },
                { header: 'CHANGES (cluster → code)', shrink: true },
              ],
              report.drifts.map((drift) => [
                String(drift.vmid),
                drift.kind,
                drift.address ?? '—',
                drift.changes
                  .map((change) => `${change.path}: ${show(change.before)} → ${show(change.after)}`)
                  .join('; '),
              ]),
              width,
            )),
      ],
    };
  },
};

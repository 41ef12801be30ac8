import { Subjects, type InventorySynced, type InventorySyncProgress } from '@proxmox-mpc/contracts';
import { stringFlag } from '../cli/arguments';
import { CommandFailed } from '../cli/errors';
import { duration } from '../cli/format';
import { targetsToUse } from '../platform/lookups';
import type { CommandDefinition } from './command';

// A full pass of 10,000 guests takes about 10 s; a slow cluster far longer.
const SYNC_TIMEOUT_MS = 15 * 60_000;

export const syncCommand: CommandDefinition = {
  name: 'sync',
  summary: "Bring the inventory up to date with the clusters now, following the pass's progress.",
  flags: {
    target: {
      kind: 'string',
      value: 'cluster',
      description: 'only this cluster (default: every one)',
      complete: 'targets',
    },
    full: { kind: 'boolean', description: "re-read every guest's config, not only what changed" },
  },
  examples: ['/sync', '/sync --target homelab --full'],
  notes: [
    'Ctrl-C stops waiting; a pass already started on the agent runs to its end.',
    'Exit code 1 when a pass fails (the agent reports why).',
  ],
  async run(context, args) {
    const bus = await context.platform.bus();
    const mode = args.flags.full ? 'full' : 'incremental';
    const passes: InventorySynced[] = [];
    for (const target of await targetsToUse(context, stringFlag(args, 'target'))) {
      const bar = context.terminal.progress(`sync ${target}`);
      try {
        const outcome = await bus.execute(
          Subjects.proxmoxInventorySync,
          { mode },
          context.actingOrigin(target),
          {
            timeoutMs: SYNC_TIMEOUT_MS,
            signal: context.signal,
            onProgress: ({ envelope }) => {
              const progress = envelope.data as InventorySyncProgress;
              bar.update(
                progress.done,
                progress.total,
                progress.phase === 'reading' ? 'reading configs' : 'recording',
              );
            },
          },
        );
        if (outcome.subject !== Subjects.proxmoxInventorySynced) {
          throw new CommandFailed(
            `sync of ${target} failed: ${outcome.envelope.data.message}`,
            outcome.envelope.data,
          );
        }
        passes.push(outcome.envelope.data);
      } finally {
        bar.finish();
      }
    }
    return {
      ok: true,
      data: { passes },
      lines: passes.map(
        (pass) =>
          `synced ${pass.target} (${pass.mode}): ${pass.guests} guests, ${pass.created} created, ${pass.updated} updated, ` +
          `${pass.deleted} deleted, ${pass.configsRead} configs read in ${duration(pass.durationMs)}` +
          (pass.unreachableNodes.length ? `; unreachable: ${pass.unreachableNodes.join(', ')}` : ''),
      ),
    };
  },
};

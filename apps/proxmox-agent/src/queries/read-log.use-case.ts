import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { Subjects, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import type { ProxmoxTarget } from '../targets/proxmox-target';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

export type ReadLog = QueryRequestOf<typeof Subjects.proxmoxLogRead> & { target?: string };
export type LogReply = QueryResponseOf<typeof Subjects.proxmoxLogRead>;

const DEFAULT_LINES = 100;

/** journalctl's `--since` form; it reads the node's local time, which the platform takes to be UTC. */
function journalTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The newest lines of the cluster log or of a node's journal, oldest first, bounded. For
 * the journal that is two reads: how many lines match, then the last ones.
 */
@Injectable()
export class ReadLogUseCase {
  constructor(private readonly targets: TargetRegistry) {}

  execute(request: ReadLog): Promise<LogReply> {
    return liveRead(this.targets, request.target, (target) =>
      request.source === 'cluster' ? this.clusterLog(target, request) : this.syslog(target, request),
    );
  }

  private async clusterLog(target: ProxmoxTarget, request: ReadLog): Promise<LogReply> {
    const lines = request.lines ?? DEFAULT_LINES;
    // One more than asked says whether older entries exist.
    const entries = await target.client.clusterLog(lines + 1);
    return {
      target: target.name,
      source: 'cluster',
      entries: entries
        .slice(0, lines)
        .reverse()
        .map((entry) => ({
          text: entry.msg,
          time: new Date(entry.time * 1000).toISOString(),
          node: entry.node,
          user: entry.user,
          tag: entry.tag,
        })),
      truncated: entries.length > lines,
    };
  }

  private async syslog(target: ProxmoxTarget, request: ReadLog): Promise<LogReply> {
    const node = request.node;
    if (!node) throw new HandlerError('INVALID_MESSAGE', 'node: give the node whose syslog to read', false);
    const lines = request.lines ?? DEFAULT_LINES;
    const filters = {
      ...(request.since ? { since: journalTime(request.since) } : {}),
      ...(request.service ? { service: request.service } : {}),
    };
    const { total } = await target.client.syslog(node, { ...filters, limit: 1 });
    const start = Math.max(0, total - lines);
    const { lines: journal } = await target.client.syslog(node, { ...filters, start, limit: lines });
    return {
      target: target.name,
      source: 'syslog',
      node,
      entries: journal.map((line) => ({ text: line.t })),
      truncated: start > 0,
    };
  }
}

import { PLATFORM_SERVICES, Subjects, type Origin } from '@proxmox-mpc/contracts';
import type { CompletionSource } from '../commands/command';
import type { Platform } from './platform';

type LiveSource = Exclude<CompletionSource, readonly string[]>;

// Fresh enough to complete a name created a moment ago, without a query per key press.
const TTL_MS = 10_000;
// Tab must never hang on a slow platform: no answer in time completes nothing.
const ANSWER_WITHIN_MS = 1_500;

/**
 * Names the platform knows, for tab completion: guests, workspaces, pending approvals,
 * clusters. Read from the platform on demand, kept a few seconds, and empty on any failure.
 */
export class LiveData {
  private readonly cache = new Map<LiveSource, { at: number; values: Promise<string[]> }>();

  constructor(private readonly platform: Platform) {}

  /** Starts reading everything now, in the background, so the first Tab is as quick as the next. */
  warm(): void {
    for (const source of ['targets', 'guests', 'workspaces', 'approvals'] as const) void this.values(source);
  }

  async values(source: CompletionSource): Promise<string[]> {
    if (typeof source !== 'string') return [...source];
    if (source === 'services') return [...PLATFORM_SERVICES];
    const cached = this.cache.get(source);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.values;
    const values = this.read(source).catch(() => []);
    this.cache.set(source, { at: Date.now(), values });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string[]>((resolve) => {
      timer = setTimeout(() => resolve([]), ANSWER_WITHIN_MS);
    });
    try {
      return await Promise.race([values, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async read(source: Exclude<LiveSource, 'services'>): Promise<string[]> {
    const bus = await this.platform.bus();
    const origin = (target?: string): Origin => ({
      correlationId: 'console-completion',
      actor: this.platform.operator,
      ...(target ? { target } : {}),
    });
    switch (source) {
      case 'targets':
        return (await bus.query(Subjects.proxmoxTargetsList, {}, origin())).targets.map(
          (target) => target.name,
        );
      case 'workspaces':
        return (await bus.query(Subjects.iacWorkspacesList, {}, origin())).workspaces.map(
          (each) => each.name,
        );
      case 'approvals':
        return (await bus.query(Subjects.mcpApprovalsList, {}, origin())).approvals.map(
          (approval) => approval.approvalId,
        );
      case 'guests': {
        const targets = await this.values('targets');
        const lists = await Promise.all(
          targets.map((target) => bus.query(Subjects.proxmoxGuestsList, {}, origin(target))),
        );
        return [...new Set(lists.flatMap((list) => list.guests.map((guest) => guest.name)))].sort();
      }
    }
  }
}

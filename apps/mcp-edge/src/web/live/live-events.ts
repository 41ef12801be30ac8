import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { decodeMessage, MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Envelope } from '@proxmox-mpc/contracts';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';

/** Something a console page shows changed: an approval, or an operation's progress or end. */
export interface LiveEvent {
  kind: 'approval' | 'operation';
  /** The approval's or operation's id (they are the same for a held operation). */
  id: string;
  /** Who asked for it: a session without the admin scope hears only of its own. */
  owner: string;
}

/** The latest word on a running operation, as this replica heard it. */
export interface ProgressNote {
  text: string;
  stepIndex?: number;
  stepCount?: number;
  /** Set once the operation's ending event arrived (mcp-edge records it a moment later). */
  outcome?: 'completed' | 'failed';
  at: Date;
}

// Enough for every operation a busy estate runs at once; the oldest note goes first.
const MAX_NOTES = 2_000;

type Handler = (envelope: Envelope) => LiveEvent & { note?: Omit<ProgressNote, 'at'> };

const operationId = (envelope: Envelope): string => envelope.causationId ?? envelope.id;

/** What each subject means to a console page. */
const HANDLERS: Record<string, Handler> = {
  [Subjects.mcpApprovalRequested]: (envelope) => approval(envelope),
  [Subjects.mcpApprovalDecided]: (envelope) => approval(envelope),
  [Subjects.proxmoxOperationProgress]: (envelope) => {
    const data = envelope.data as DataOf<typeof Subjects.proxmoxOperationProgress>;
    return {
      ...operation(envelope),
      note: { text: `${data.step}: ${data.message}`, stepIndex: data.stepIndex, stepCount: data.stepCount },
    };
  },
  [Subjects.iacApplyProgress]: (envelope) => {
    const data = envelope.data as DataOf<typeof Subjects.iacApplyProgress>;
    return {
      ...operation(envelope),
      note: { text: data.message, stepIndex: data.stepIndex, stepCount: data.stepCount },
    };
  },
  [Subjects.proxmoxOperationCompleted]: (envelope) => ended(envelope, 'completed'),
  [Subjects.iacApplied]: (envelope) => ended(envelope, 'completed'),
  [Subjects.proxmoxOperationFailed]: (envelope) => ended(envelope, 'failed'),
  [Subjects.iacFailed]: (envelope) => ended(envelope, 'failed'),
};

function approval(envelope: Envelope): LiveEvent {
  const data = envelope.data as DataOf<typeof Subjects.mcpApprovalRequested>;
  return { kind: 'approval', id: data.approvalId, owner: data.requestedBy };
}

function operation(envelope: Envelope): LiveEvent {
  // Commands and their events carry the requester's origin, whoever approved them.
  return { kind: 'operation', id: operationId(envelope), owner: envelope.actor.id };
}

function ended(envelope: Envelope, outcome: 'completed' | 'failed'): ReturnType<Handler> {
  return { ...operation(envelope), note: { text: outcome, outcome } };
}

/**
 * The events web console pages follow, from core NATS subscriptions of this replica
 * (every replica hears every event; nothing is consumed or acknowledged). Subscribed on
 * the first console request, so a replica nobody opens the console on pays nothing.
 * Keeps the latest progress of each operation for the Operations page. Not an
 * `@OnEvent(…, { everyReplica: true })` handler: mcp-edge already consumes the operation
 * outcomes durably under those subjects, and a transport keeps one handler per subject.
 */
@Injectable()
export class LiveEvents implements OnApplicationShutdown {
  private subscriptions: Subscription[] | undefined;
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly notes = new Map<string, ProgressNote>();

  constructor(
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(): void {
    this.subscriptions ??= Object.entries(HANDLERS).map(([subject, handler]) =>
      this.bus.nats.subscribe(subject, {
        callback: (error, message) => {
          if (error) {
            this.logger.warn({ err: error, subject }, 'web console subscription failed');
            return;
          }
          const decoded = decodeMessage(message.subject, message.data);
          if (decoded.ok) this.dispatch(handler(decoded.envelope));
        },
      }),
    );
  }

  /** Calls `listener` for every event until the returned function is called. */
  listen(listener: (event: LiveEvent) => void): () => void {
    this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  progressOf(operation: string): ProgressNote | undefined {
    return this.notes.get(operation);
  }

  onApplicationShutdown(): void {
    for (const subscription of this.subscriptions ?? []) subscription.unsubscribe();
    this.listeners.clear();
  }

  private dispatch({ note, ...event }: ReturnType<Handler>): void {
    if (note) {
      this.notes.delete(event.id);
      this.notes.set(event.id, { ...note, at: new Date() });
      if (this.notes.size > MAX_NOTES) this.notes.delete(this.notes.keys().next().value as string);
    }
    for (const listener of this.listeners) listener(event);
  }
}

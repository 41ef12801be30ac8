import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Envelope } from '@proxmox-mpc/contracts';
import { decodeMessage } from './envelope-codec';
import type { Logger } from '@proxmox-mpc/telemetry';

export interface Outcome {
  subject: string;
  envelope: Envelope;
}

interface Pending {
  subjects: ReadonlySet<string>;
  resolve: (outcome: Outcome) => void;
  onProgress?: (progress: Outcome) => void;
}

/**
 * Matches outcome events to the commands that caused them (by `causationId`), so a
 * caller can send a command and wait for its result. Outcome subjects are subscribed
 * once per process with core NATS (no consumer state), and every replica sees every
 * outcome; only the one holding the pending command resolves it.
 */
export class OutcomeWaiter {
  private readonly pending = new Map<string, Pending>();
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    private readonly nats: NatsConnection,
    private readonly logger: Logger,
  ) {}

  /**
   * Register interest before publishing the command, so no outcome can slip past.
   * Events on `progressSubject` caused by the command go to `onProgress` meanwhile.
   */
  expect(
    commandId: string,
    subjects: readonly string[],
    progress?: { subject: string; onProgress: (progress: Outcome) => void },
  ): Promise<Outcome> {
    for (const subject of subjects) this.subscribe(subject);
    if (progress) this.subscribe(progress.subject);
    return new Promise<Outcome>((resolve) => {
      this.pending.set(commandId, {
        subjects: new Set(subjects),
        resolve,
        ...(progress ? { onProgress: progress.onProgress } : {}),
      });
    });
  }

  cancel(commandId: string): void {
    this.pending.delete(commandId);
  }

  close(): void {
    for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
    this.subscriptions.clear();
    this.pending.clear();
  }

  private subscribe(subject: string): void {
    if (this.subscriptions.has(subject)) return;
    const subscription = this.nats.subscribe(subject, {
      callback: (error, message) => {
        if (error) {
          this.logger.warn({ err: error, subject }, 'outcome subscription failed');
          return;
        }
        const decoded = decodeMessage(message.subject, message.data);
        if (!decoded.ok) return;
        const causationId = decoded.envelope.causationId;
        const pending = causationId === undefined ? undefined : this.pending.get(causationId);
        if (!pending || causationId === undefined) return;
        if (pending.subjects.has(message.subject)) {
          this.pending.delete(causationId);
          pending.resolve({ subject: message.subject, envelope: decoded.envelope });
        } else {
          pending.onProgress?.({ subject: message.subject, envelope: decoded.envelope });
        }
      },
    });
    this.subscriptions.set(subject, subscription);
  }
}

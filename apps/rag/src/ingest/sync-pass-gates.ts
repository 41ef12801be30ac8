import { Injectable } from '@nestjs/common';
import { BusDefaults } from '@proxmox-mpc/bus';

// A pass whose end never reaches this replica (the agent stopped mid-pass) holds its
// cluster's changes no longer than this, and a longer pass is indexed in slices this long:
// well inside the ack wait, so that the events the consumer has pulled behind the held
// ones (which nothing heartbeats yet) are handled before JetStream would send them again.
export const PASS_HOLD_MS = Math.floor((BusDefaults.ackWaitMs * 2) / 3);
// Passes known to have ended, so that their changes still on their way are not held.
const ENDED_REMEMBERED = 256;

interface Gate {
  /** The passes of the cluster whose changes are being held. */
  readonly passes: Set<string>;
  readonly opened: Promise<void>;
  open(): void;
}

/**
 * Holds a cluster's guest changes while a sync pass of it is running, until the pass
 * ends (its `evt.proxmox.inventory.synced`, under the pass's correlation id). A pass and
 * rag's indexing of what it finds want the same CPU and PostgreSQL: indexed as the pass
 * announced them, a first sync of 10,000 guests took a third longer (docs/benchmarks.md,
 * thirteenth pass). Held, they are indexed together right after it, in the order they
 * came in; every change of that cluster waits its turn behind them, so none is overtaken
 * by an older one. The events stay unacknowledged while held, so a replica that stops
 * loses none; the consumer's other events wait behind them (PASS_HOLD_MS at most).
 */
@Injectable()
export class SyncPassGates {
  private readonly gates = new Map<string, Gate>();
  private readonly finished = new Set<string>();

  /**
   * Resolves when a change of `target` may be indexed: at once, unless a pass of that
   * cluster is being held. `pass` is the correlation id of the pass that found the
   * change, if one did.
   */
  passed(target: string, pass?: string): Promise<void> {
    if (pass !== undefined && !this.finished.has(pass)) this.gateOf(target).passes.add(pass);
    return this.gates.get(target)?.opened ?? Promise.resolve();
  }

  /** The pass `pass` of `target` ended: once no other pass of it is held, its changes go on. */
  ended(target: string, pass: string): void {
    this.finished.add(pass);
    if (this.finished.size > ENDED_REMEMBERED)
      this.finished.delete(this.finished.values().next().value as string);
    const gate = this.gates.get(target);
    if (!gate?.passes.delete(pass) || gate.passes.size > 0) return;
    this.open(target, gate);
  }

  private gateOf(target: string): Gate {
    const existing = this.gates.get(target);
    if (existing) return existing;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const timer = setTimeout(() => this.open(target, gate), PASS_HOLD_MS);
    timer.unref();
    const gate: Gate = {
      passes: new Set(),
      opened,
      open: () => {
        clearTimeout(timer);
        open();
      },
    };
    this.gates.set(target, gate);
    return gate;
  }

  private open(target: string, gate: Gate): void {
    if (this.gates.get(target) === gate) this.gates.delete(target);
    gate.open();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { BusInvalidatedCache, MessageBus } from '@proxmox-mpc/bus';
import {
  DEFAULT_MAX_AGE_MS,
  Subjects,
  type GuestsListRequest,
  type GuestsListResponse,
  type Origin,
} from '@proxmox-mpc/contracts';
import { Clock } from '@proxmox-mpc/service-runtime';

/** What the answers need of the bus: the guest-list query, the connection's history and a round trip. */
export type InventoryAnswersBus = Pick<MessageBus, 'query' | 'unbrokenConnection' | 'caughtUp'>;

/**
 * How long an answer is reused at most. Changes do not wait for it: every replica forgets
 * its answers when an inventory write or the end of a sync pass is announced
 * (InventoryAnnouncementsHandler), and none is used that was read before the replica's
 * NATS connection last broke. This period bounds only an announcement lost without the
 * connection breaking.
 */
const TRUST_MS = 10_000;
/**
 * Distinct (cluster, filters) pairs kept; past this the oldest goes first. An answer is
 * one NATS reply (1 MiB of JSON by default, some 4,000 guests), so this bounds the
 * memory held at a few dozen such lists; a busy caller asks the same few.
 */
const MAX_ANSWERS = 32;

/**
 * proxmox-agent's answers to guest lists, kept by this mcp-edge replica until the
 * inventory they came from changes, so a busy `list_guests` does not make the agent
 * round trip (two NATS messages, the agent's work and this replica's encoding and
 * decoding of them) for an answer it already holds: that round trip was a third of a
 * call's cost here, and all of the agent's.
 *
 * An answer is reused only while it is as recent as the caller asks (`maxAgeMs`, the
 * agent's default when unsaid), with its age counted on to now; an older one is asked
 * for again, and the agent syncs first as it would have. Before answering from memory
 * the replica catches up with the bus (`caughtUp`, a ping shared by the calls that arrive
 * together), so every announcement published before the call has been applied: an
 * operation's inventory refresh is announced before the operation's outcome, so a list
 * right after an operation shows its effect, on whichever replica it is asked.
 */
@Injectable()
export class InventoryAnswers {
  private readonly guestLists: BusInvalidatedCache<string, GuestsListResponse>;

  constructor(
    @Inject(MessageBus) private readonly bus: InventoryAnswersBus,
    private readonly clock: Clock,
  ) {
    this.guestLists = new BusInvalidatedCache(bus, {
      trustMs: TRUST_MS,
      maxEntries: MAX_ANSWERS,
      now: () => clock.now().getTime(),
    });
  }

  /** `qry.proxmox.guests.list` for `origin`'s cluster, answered from memory when it may be. */
  async listGuests(request: GuestsListRequest, origin: Origin): Promise<GuestsListResponse> {
    const { maxAgeMs = DEFAULT_MAX_AGE_MS, ...filters } = request;
    const key = JSON.stringify([origin.target ?? null, filters]);
    const ask = () => this.bus.query(Subjects.proxmoxGuestsList, request, origin);
    await this.bus.caughtUp();
    const held = this.guestLists.peek(key);
    if (held) {
      const answer = await held;
      const ageMs = this.clock.now().getTime() - Date.parse(answer.syncedAt);
      if (ageMs <= maxAgeMs) {
        trace.getActiveSpan()?.addEvent('guest list answered from memory', { syncedAt: answer.syncedAt });
        return { ...answer, source: 'inventory', ageMs: Math.max(0, ageMs) };
      }
      this.guestLists.forget(key);
    }
    return this.guestLists.get(key, ask);
  }

  /** Forgets every answer: some cluster's inventory was written or synced. */
  forget(): void {
    this.guestLists.clear();
  }
}

import {
  MessageContracts,
  type DataOf,
  type Envelope,
  type MessageSubject,
  type Origin,
} from '@proxmox-mpc/contracts';
import type { Transaction } from '@proxmox-mpc/persistence';
import { buildEnvelope } from '../envelope-codec';
import type { MessageBus } from '../message-bus';
import type { Outbox } from './outbox';

/**
 * The messages a use case sends as part of its transaction: stored with its writes and
 * sent once they commit, never when they roll back. `id` is for a message whose id was
 * promised before it was sent (a held command released later).
 */
export abstract class EventOutbox {
  abstract add<S extends MessageSubject>(
    tx: Transaction,
    subject: S,
    data: DataOf<S>,
    origin: Origin,
    id?: string,
  ): Promise<Envelope<DataOf<S>>>;

  /**
   * Adds one message per item of `data`, in order: in one write where the outbox can (a
   * sync pass announces hundreds of guests per transaction).
   */
  async addMany<S extends MessageSubject>(
    tx: Transaction,
    subject: S,
    data: ReadonlyArray<DataOf<S>>,
    origin: Origin,
  ): Promise<void> {
    for (const item of data) await this.add(tx, subject, item, origin);
  }

  /** Sends what committed transactions added now, rather than at the relay's next sweep. */
  abstract flush(): Promise<void>;
}

/** The outbox table in the service's own schema, relayed to JetStream (`Outbox`). */
export class PostgresEventOutbox extends EventOutbox {
  constructor(
    private readonly outbox: Outbox,
    private readonly bus: MessageBus,
  ) {
    super();
  }

  async add<S extends MessageSubject>(
    tx: Transaction,
    subject: S,
    data: DataOf<S>,
    origin: Origin,
    id?: string,
  ): Promise<Envelope<DataOf<S>>> {
    if (!tx.manager) throw new Error(`${subject} must be added inside a PostgreSQL transaction`);
    const envelope = this.bus.envelope(subject, data, origin, id);
    await this.outbox.enqueue(tx.manager, subject, envelope);
    return envelope;
  }

  override async addMany<S extends MessageSubject>(
    tx: Transaction,
    subject: S,
    data: ReadonlyArray<DataOf<S>>,
    origin: Origin,
  ): Promise<void> {
    if (!tx.manager) throw new Error(`${subject} must be added inside a PostgreSQL transaction`);
    await this.outbox.enqueueMany(
      tx.manager,
      data.map((item) => ({ subject, envelope: this.bus.envelope(subject, item, origin) })),
    );
  }

  flush(): Promise<void> {
    return this.outbox.flush();
  }
}

/** Keeps what was added, validated as the real outbox would, for unit tests to read. */
export class InMemoryEventOutbox extends EventOutbox {
  readonly added: Array<{ subject: MessageSubject; envelope: Envelope }> = [];

  constructor(private readonly service = 'unit-test') {
    super();
  }

  async add<S extends MessageSubject>(
    _tx: Transaction,
    subject: S,
    data: DataOf<S>,
    origin: Origin,
    id?: string,
  ): Promise<Envelope<DataOf<S>>> {
    const contract = MessageContracts[subject];
    const envelope = buildEnvelope(subject, contract.type, contract.data, data, origin, this.service, id);
    this.added.push({ subject, envelope });
    return envelope;
  }

  /** Nothing to send: what was added is already where a test reads it. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  /** The data of every message added on `subject`, in order. */
  dataOf<S extends MessageSubject>(subject: S): Array<DataOf<S>> {
    return this.added
      .filter((entry) => entry.subject === subject)
      .map((entry) => entry.envelope.data as DataOf<S>);
  }
}

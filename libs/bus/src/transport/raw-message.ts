/** A stored message exactly as it arrived, for consumers that keep everything (audit). */
export interface RawBusMessage {
  subject: string;
  stream: string;
  streamSequence: number;
  /** When JetStream stored it. */
  storedAt: Date;
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * What a raw handler made of its batch: the messages it could not handle, each with its
 * error (retried or given up on like any failed message); every other one is acked.
 */
export type RawBatchFailures = ReadonlyMap<RawBusMessage, unknown>;

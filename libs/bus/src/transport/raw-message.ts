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

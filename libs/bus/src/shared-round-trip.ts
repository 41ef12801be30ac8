/**
 * One round trip to the server shared by every caller that asked while it was not yet
 * sent. A caller never joins a round trip that started before it asked (its answer could
 * come before messages the caller must wait for), so callers who ask while one is in
 * flight share the next one, started as soon as it returns. At most one is in flight:
 * under load one PING serves many requests instead of one each.
 */
export class SharedRoundTrip {
  private inFlight: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  /** `roundTrip` resolves once the server answered; a failure counts as answered. */
  constructor(private readonly roundTrip: () => Promise<void>) {}

  wait(): Promise<void> {
    if (!this.inFlight) return this.start();
    this.next ??= this.inFlight.then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<void> {
    const trip: Promise<void> = this.roundTrip()
      .catch(() => undefined)
      .finally(() => {
        if (this.inFlight === trip) this.inFlight = undefined;
      });
    this.inFlight = trip;
    return trip;
  }
}

import { SharedRoundTrip } from './shared-round-trip';

/** Round trips the test answers by hand, in the order they were sent. */
function manualServer() {
  const sent: Array<() => void> = [];
  return {
    sent,
    roundTrip: () => new Promise<void>((answer) => sent.push(answer)),
    answerNext: async () => {
      sent.shift()?.();
      // Lets the shared trip's continuations (and the next trip's start) run.
      for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
    },
  };
}

describe('SharedRoundTrip', () => {
  it('sends one round trip for a caller alone and resolves when it is answered', async () => {
    const server = manualServer();
    const shared = new SharedRoundTrip(server.roundTrip);
    let done = false;
    const waiting = shared.wait().then(() => (done = true));
    expect(server.sent).toHaveLength(1);
    expect(done).toBe(false);
    await server.answerNext();
    await waiting;
    expect(done).toBe(true);
  });

  it('makes callers who asked after the trip in flight was sent wait for a later one, shared among them', async () => {
    const server = manualServer();
    const shared = new SharedRoundTrip(server.roundTrip);
    const resolved: string[] = [];
    const first = shared.wait().then(() => resolved.push('first'));
    const late = [1, 2, 3].map((n) => shared.wait().then(() => resolved.push(`late ${n}`)));
    expect(server.sent).toHaveLength(1);

    await server.answerNext();
    await first;
    // The first trip's answer does not release the late callers: a second trip went out for all three.
    expect(resolved).toEqual(['first']);
    expect(server.sent).toHaveLength(1);

    await server.answerNext();
    await Promise.all(late);
    expect(resolved).toEqual(['first', 'late 1', 'late 2', 'late 3']);
    expect(server.sent).toHaveLength(0);
  });

  it('starts afresh once nothing is in flight, and counts a failed round trip as answered', async () => {
    let trips = 0;
    const shared = new SharedRoundTrip(async () => {
      trips += 1;
      if (trips === 1) throw new Error('connection lost');
    });
    await shared.wait();
    await shared.wait();
    expect(trips).toBe(2);
  });
});

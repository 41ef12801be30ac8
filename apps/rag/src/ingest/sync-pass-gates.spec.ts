import { PASS_HOLD_MS, SyncPassGates } from './sync-pass-gates';

describe(SyncPassGates.name, () => {
  let gates: SyncPassGates;
  let through: string[];
  /** Records `name` once the change may be indexed. */
  const change = (name: string, target: string, pass?: string): void => {
    void gates.passed(target, pass).then(() => through.push(name));
  };
  const settle = async (): Promise<void> => {
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
  };

  beforeEach(() => {
    jest.useFakeTimers();
    gates = new SyncPassGates();
    through = [];
  });

  afterEach(() => jest.useRealTimers());

  it('should let the change of a cluster no pass is held for through at once', async () => {
    change('refreshed', 'homelab');

    await settle();
    expect(through).toEqual(['refreshed']);
  });

  it("should hold a pass's changes and every later change of its cluster until the pass ends, in order", async () => {
    change('first of the pass', 'homelab', 'pass-1');
    change('after an operation', 'homelab');
    change('second of the pass', 'homelab', 'pass-1');
    change('another cluster', 'lab');
    await settle();
    expect(through).toEqual(['another cluster']);

    gates.ended('homelab', 'pass-1');

    await settle();
    expect(through).toEqual([
      'another cluster',
      'first of the pass',
      'after an operation',
      'second of the pass',
    ]);
  });

  it('should hold a cluster until every pass of it that it holds has ended', async () => {
    change('of pass 1', 'homelab', 'pass-1');
    change('of pass 2', 'homelab', 'pass-2');

    gates.ended('homelab', 'pass-1');
    await settle();
    expect(through).toEqual([]);

    gates.ended('homelab', 'pass-2');
    await settle();
    expect(through).toEqual(['of pass 1', 'of pass 2']);
  });

  it('should not hold the change of a pass that has already ended', async () => {
    gates.ended('homelab', 'pass-1');

    change('late', 'homelab', 'pass-1');

    await settle();
    expect(through).toEqual(['late']);
  });

  it('should let a pass whose end never comes through after a while, and hold its next change again', async () => {
    change('held', 'homelab', 'pass-1');
    jest.advanceTimersByTime(PASS_HOLD_MS - 1);
    await settle();
    expect(through).toEqual([]);

    jest.advanceTimersByTime(1);
    await settle();
    expect(through).toEqual(['held']);

    change('next slice', 'homelab', 'pass-1');
    await settle();
    expect(through).toEqual(['held']);
    gates.ended('homelab', 'pass-1');
    await settle();
    expect(through).toEqual(['held', 'next slice']);
  });
});

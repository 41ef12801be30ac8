import { CHAOS_FAULTS, runChaos, summariseChaos, type ChaosResult } from './chaos';

/**
 * Under steady tool-call load, every part `npm start` supervises is killed with SIGKILL
 * in turn. Nothing answered goes unaudited, no Proxmox task runs twice, no call is left
 * without an answer. The recovery time of each fault is printed (`npm run bench -- chaos`
 * prints the same table); only what must hold is asserted.
 */
describe('chaos under npm start', () => {
  let result: ChaosResult;

  beforeAll(async () => {
    const say = (line: string): void => void process.stdout.write(`${line}\n`);
    result = await runChaos({ say, workers: 3 });
    for (const line of summariseChaos(result)) say(line);
  }, 600_000);

  it('should bring every killed part back', () => {
    expect(result.recoveries.map((recovery) => recovery.part)).toEqual([...CHAOS_FAULTS]);
  });

  it('should audit every call that was answered, ok or not', () => {
    expect(result.calls.ok).toBeGreaterThan(0);
    expect(result.missingFromAudit).toEqual([]);
  });

  it('should run no Proxmox task twice', () => {
    expect(result.snapshotCommands).toBeGreaterThan(0);
    expect(result.repeatedEffects).toEqual([]);
  });

  it('should say after which fault each call answered with an error was made', () => {
    const counted = result.toolErrorsAfter.reduce((sum, { count }) => sum + count, 0);
    expect(counted).toBe(result.calls['tool-error']);
  });

  it('should leave no call without an answer within its timeout', () => {
    expect(result.calls.unanswered).toBe(0);
  });
});

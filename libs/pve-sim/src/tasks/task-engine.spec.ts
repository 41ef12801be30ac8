import { homelabInventory } from '../scenarios/homelab';
import { SimulatorState } from '../state/simulator-state';
import type { SimTask } from './sim-task';
import { type TaskRequest, TaskEngine } from './task-engine';

describe(TaskEngine.name, () => {
  let state: SimulatorState;
  let sut: TaskEngine;

  beforeEach(() => {
    state = new SimulatorState(homelabInventory(Date.now()));
    sut = new TaskEngine(state, { defaultMs: 20, byTypeMs: { vzdump: 60 } });
  });

  afterEach(() => sut.dispose());

  const node = () => {
    const pve1 = state.node('pve1');
    if (!pve1) throw new Error('no pve1');
    return pve1;
  };
  const request = (overrides: Partial<TaskRequest>): TaskRequest => ({
    node: node(),
    type: 'qmstart',
    id: '100',
    user: 'root@pam',
    work: () => undefined,
    ...overrides,
  });
  const stopped = async (task: SimTask) => {
    while (task.status !== 'stopped') await new Promise((resolve) => setTimeout(resolve, 5));
    return task;
  };

  it('should end with OK and "TASK OK" as the last log line', async () => {
    const task = await stopped(sut.start(request({ work: ({ log }) => log('done') })));

    expect(task).toMatchObject({ exitstatus: 'OK', log: ['done', 'TASK OK'] });
  });

  it('should count warnings into "WARNINGS: n"', async () => {
    const task = await stopped(
      sut.start(
        request({
          work: ({ warn }) => {
            warn('first');
            warn('second');
          },
        }),
      ),
    );

    expect(task).toMatchObject({
      exitstatus: 'WARNINGS: 2',
      log: ['WARN: first', 'WARN: second', 'TASK WARNINGS: 2'],
    });
  });

  it('should turn an error into the exit status, newlines as spaces', async () => {
    const task = await stopped(
      sut.start(
        request({
          work: () => {
            throw new Error('first line\nsecond line\n');
          },
        }),
      ),
    );

    expect(task).toMatchObject({
      exitstatus: 'first line second line',
      log: ['TASK ERROR: first line second line'],
    });
  });

  it('should run `begin` at once and stop the task there when it fails', () => {
    const task = sut.start(
      request({
        begin: () => {
          throw new Error('VM is locked (backup)');
        },
      }),
    );

    expect(task).toMatchObject({ status: 'stopped', exitstatus: 'VM is locked (backup)' });
  });

  it('should run stages at even intervals before the work', async () => {
    const seen: string[] = [];
    const task = sut.start(
      request({
        type: 'vzdump',
        begin: () => seen.push('begin'),
        stages: [() => seen.push('stage')],
        work: () => seen.push('work'),
      }),
    );

    expect(seen).toEqual(['begin']);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(seen).toEqual(['begin', 'stage']);
    await stopped(task);
    expect(seen).toEqual(['begin', 'stage', 'work']);
  });

  it('should take a worker type its own duration', () => {
    expect([sut.durationMs('qmstart'), sut.durationMs('vzdump')]).toEqual([20, 60]);
  });

  it('should default the guest agent delay to 200 ms', () => {
    expect(sut.guestAgentDelayMs).toBe(200);
  });
});

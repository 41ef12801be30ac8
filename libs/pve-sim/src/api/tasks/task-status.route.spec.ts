import { api, callApi, taskStopped } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { taskStatusRoute } from './task-status.route';

describe('task status route', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 50 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  async function startTask(path: string): Promise<string> {
    const response = await callApi(sut, 'POST', api(path));
    return response.body?.data as string;
  }

  const statusPath = (node: string, upid: string) =>
    api(`/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`);

  it(`should serve ${taskStatusRoute.path}`, () => {
    expect(taskStatusRoute.path).toBe('/nodes/{node}/tasks/{upid}/status');
  });

  it('should report a new task as running, without an exit status', async () => {
    // A task that cannot end between the two calls, however busy the machine (50 ms could).
    await sut.stop();
    sut = new PveSimulator({ taskDurationMs: 60_000 });
    await sut.start();
    const upid = await startTask('/nodes/pve1/qemu/106/status/start');

    const response = await callApi(sut, 'GET', statusPath('pve1', upid));

    expect(response.body?.data).toEqual({
      upid,
      node: 'pve1',
      pid: expect.any(Number),
      pstart: expect.any(Number),
      starttime: expect.any(Number),
      type: 'qmstart',
      id: '106',
      user: 'root@pam',
      tokenid: 'mpc',
      status: 'running',
    });
  });

  it('should report a finished task as stopped with exit status OK', async () => {
    const upid = await startTask('/nodes/pve1/qemu/106/status/start');
    await taskStopped(sut, upid);

    const response = await callApi(sut, 'GET', statusPath('pve1', upid));

    expect(response.body?.data).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
  });

  it('should report a failed task with the error text as exit status', async () => {
    const upid = await startTask('/nodes/pve1/qemu/100/status/start');
    await taskStopped(sut, upid);

    const response = await callApi(sut, 'GET', statusPath('pve1', upid));

    expect(response.body?.data).toMatchObject({ status: 'stopped', exitstatus: 'VM 100 already running' });
  });

  it('should answer 400 "unable to parse worker upid" to a malformed UPID', async () => {
    const response = await callApi(sut, 'GET', statusPath('pve1', 'not-a-upid'));

    expect(response.body?.errors).toEqual({ upid: 'unable to parse worker upid' });
  });

  it('should answer 400 "no such task" to an unknown UPID', async () => {
    const response = await callApi(
      sut,
      'GET',
      statusPath('pve1', 'UPID:pve1:00001234:00005678:6720B3C4:qmstart:100:root@pam:'),
    );

    expect(response.body?.errors).toEqual({ upid: 'no such task' });
  });

  it('should answer "no such task" when asked on another node than the one that ran it', async () => {
    const upid = await startTask('/nodes/pve1/qemu/106/status/start');

    const response = await callApi(sut, 'GET', statusPath('pve2', upid));

    expect(response.body?.errors).toEqual({ upid: 'no such task' });
  });
});

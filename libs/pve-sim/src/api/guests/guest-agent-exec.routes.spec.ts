import { api, callApi, requireGuest } from '../../__tests__/sim-http';
import { dataOf, send } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

const EXEC = '/nodes/pve1/qemu/100/agent/exec';
const STATUS = '/nodes/pve1/qemu/100/agent/exec-status';

describe('guest agent exec routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20, guestAgentDelayMs: 0 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  /** Agent exec takes its command as an array: a JSON array, or a repeated form field. */
  const exec = async (command: string[], extra: Record<string, string> = {}) => {
    const response = await callApi(sut, 'POST', api(EXEC), {
      contentType: 'application/json',
      body: JSON.stringify({ command, ...extra }),
    });
    if (response.status !== 200) throw new Error(`${response.status} ${response.body?.message}`);
    return (response.body?.data as { pid: number }).pid;
  };

  it('should run a command and hand its captured output to the first exec-status read', async () => {
    const pid = await exec(['uname', '-r']);

    await expect(dataOf(sut, 'GET', STATUS, { pid })).resolves.toEqual({
      exited: 1,
      exitcode: 0,
      'out-data': '6.1.0-28-amd64\n',
    });
  });

  it('should take the command as repeated form fields too', async () => {
    const response = await callApi(sut, 'POST', api(EXEC), {
      contentType: 'application/x-www-form-urlencoded',
      body: 'command=echo&command=hello&command=world',
    });
    const { pid } = response.body?.data as { pid: number };

    await expect(dataOf(sut, 'GET', STATUS, { pid })).resolves.toMatchObject({ 'out-data': 'hello world\n' });
  });

  it('should report stderr and the exit code of a failing command', async () => {
    const pid = await exec(['cat', '/etc/shadow-nope']);

    await expect(dataOf(sut, 'GET', STATUS, { pid })).resolves.toEqual({
      exited: 1,
      exitcode: 1,
      'err-data': 'cat: /etc/shadow-nope: No such file or directory\n',
    });
  });

  it('should report a running process as not exited, and forget an exited one once read', async () => {
    const sleeping = await exec(['sleep', '30']);
    const done = await exec(['true']);
    await dataOf(sut, 'GET', STATUS, { pid: done });

    await expect(dataOf(sut, 'GET', STATUS, { pid: sleeping })).resolves.toEqual({ exited: 0 });
    const again = await send(sut, 'GET', STATUS, { pid: done });
    expect(again.body?.message).toBe(
      `VM 100 qmp command 'guest-exec-status' failed - Invalid parameter 'pid'\n`,
    );
  });

  it("should fail with the agent's error for a program the guest does not have", async () => {
    await expect(exec(['/usr/bin/nosuch'])).rejects.toThrow(
      "VM 100 qmp command 'guest-exec' failed - Failed to execute child process “/usr/bin/nosuch” (No such file or directory)",
    );
  });

  it('should refuse a VM whose agent is off, and a stopped one', async () => {
    requireGuest(sut, 104).config['agent'] = '0';
    const noAgent = await send(sut, 'POST', '/nodes/pve1/qemu/104/agent/exec', { command: 'true' });
    const stopped = await send(sut, 'POST', '/nodes/pve1/qemu/106/agent/exec', { command: 'true' });

    expect([noAgent.body?.message, stopped.body?.message]).toEqual([
      'QEMU guest agent is not running\n',
      'VM 106 is not running\n',
    ]);
  });

  it('should refuse a command of another type than array', async () => {
    const response = await callApi(sut, 'POST', api(EXEC), {
      contentType: 'application/json',
      body: JSON.stringify({ command: { path: 'ls' } }),
    });

    expect(response.body?.errors).toEqual({ command: "type check ('array') failed" });
  });

  it("should report the guest's operating system", async () => {
    await expect(dataOf(sut, 'GET', '/nodes/pve1/qemu/100/agent/get-osinfo')).resolves.toMatchObject({
      result: { id: 'debian', 'version-id': '12', 'kernel-release': '6.1.0-28-amd64' },
    });
  });
});

import { runTask, send } from '../../__tests__/sim-calls';
import { api, callApi, powerAndWait, requireGuest } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { decodeUpid } from '../../tasks/upid';
import { guestPowerRoutes } from './guest-power.routes';

const UPID_FORMAT = /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:106:root@pam!mpc:$/;

describe('guest power routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  it('should serve start, stop, shutdown and reboot for both guest types, suspend and resume for VMs', () => {
    expect(guestPowerRoutes.map((route) => route.path)).toEqual([
      '/nodes/{node}/qemu/{vmid}/status/start',
      '/nodes/{node}/qemu/{vmid}/status/stop',
      '/nodes/{node}/qemu/{vmid}/status/shutdown',
      '/nodes/{node}/qemu/{vmid}/status/reboot',
      '/nodes/{node}/qemu/{vmid}/status/suspend',
      '/nodes/{node}/qemu/{vmid}/status/resume',
      '/nodes/{node}/lxc/{vmid}/status/start',
      '/nodes/{node}/lxc/{vmid}/status/stop',
      '/nodes/{node}/lxc/{vmid}/status/shutdown',
      '/nodes/{node}/lxc/{vmid}/status/reboot',
    ]);
  });

  it('should return a UPID in PVE format that names node, worker type, vmid and token', async () => {
    const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'));

    expect(response.body?.data).toMatch(UPID_FORMAT);
  });

  it('should start the task with its start time in the UPID', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'));

    expect(decodeUpid(response.body?.data as string)?.starttime).toBeGreaterThanOrEqual(before);
  });

  it('should keep the guest stopped while the start task runs', async () => {
    const slow = new PveSimulator({ taskDurationMs: 10_000 });
    await slow.start();
    try {
      await callApi(slow, 'POST', api('/nodes/pve1/qemu/106/status/start'));

      expect(slow.state.guest(106)?.status).toBe('stopped');
    } finally {
      await slow.stop();
    }
  });

  it('should start a stopped VM when its task finishes', async () => {
    const task = await powerAndWait(sut, '/nodes/pve1/qemu/106/status/start');

    expect(task.exitstatus).toBe('OK');
    expect(sut.state.guest(106)?.status).toBe('running');
  });

  it('should fail the task of a start on a running VM with PVE\'s "already running"', async () => {
    const task = await powerAndWait(sut, '/nodes/pve1/qemu/100/status/start');

    expect(task.exitstatus).toBe('VM 100 already running');
  });

  it('should refuse to start a template inside the task', async () => {
    const task = await powerAndWait(sut, '/nodes/pve1/qemu/9000/status/start');

    expect(task.exitstatus).toBe("you can't start a vm if it's a template");
  });

  it('should fail the task for a VM that is not on the node', async () => {
    const task = await powerAndWait(sut, '/nodes/pve2/qemu/100/status/start');

    expect(task.exitstatus).toBe("Configuration file 'nodes/pve2/qemu-server/100.conf' does not exist");
  });

  it('should refuse to start a locked VM', async () => {
    requireGuest(sut, 106).config['lock'] = 'backup';

    const task = await powerAndWait(sut, '/nodes/pve1/qemu/106/status/start');

    expect(task.exitstatus).toBe('VM is locked (backup)');
  });

  it('should stop a running VM', async () => {
    await powerAndWait(sut, '/nodes/pve1/qemu/100/status/stop');

    expect(sut.state.guest(100)?.status).toBe('stopped');
  });

  it('should shut down a running VM with worker type qmshutdown', async () => {
    const task = await powerAndWait(sut, '/nodes/pve1/qemu/101/status/shutdown');

    expect(task.type).toBe('qmshutdown');
    expect(sut.state.guest(101)?.status).toBe('stopped');
  });

  it('should end a stop of a stopped VM with OK, as qemu-server does', async () => {
    const task = await powerAndWait(sut, '/nodes/pve1/qemu/106/status/stop');

    expect(task.exitstatus).toBe('OK');
  });

  it('should fail the stop task of a VM missing on the node', async () => {
    const task = await powerAndWait(sut, '/nodes/pve1/qemu/4242/status/stop');

    expect(task.exitstatus).toBe("unable to find configuration file for VM 4242 on node 'pve1'");
  });

  it('should start a stopped container with worker type vzstart', async () => {
    const task = await powerAndWait(sut, '/nodes/pve2/lxc/211/status/start');

    expect(task.type).toBe('vzstart');
    expect(sut.state.guest(211)?.status).toBe('running');
  });

  it('should answer 500 "CT … already running" before forking for a running container', async () => {
    const response = await callApi(sut, 'POST', api('/nodes/pve1/lxc/200/status/start'));

    expect(response).toMatchObject({ status: 500, statusText: 'CT 200 already running' });
  });

  it('should answer 500 "CT … not running" to a stop of a stopped container', async () => {
    const response = await callApi(sut, 'POST', api('/nodes/pve2/lxc/211/status/stop'));

    expect(response).toMatchObject({ status: 500, statusText: 'CT 211 not running' });
  });

  it('should answer 500 "CT … not running" to a shutdown of a stopped container', async () => {
    const response = await callApi(sut, 'POST', api('/nodes/pve2/lxc/211/status/shutdown'));

    expect(response).toMatchObject({ status: 500, statusText: 'CT 211 not running' });
  });

  it('should shut down a running container', async () => {
    await powerAndWait(sut, '/nodes/pve1/lxc/201/status/shutdown');

    expect(sut.state.guest(201)?.status).toBe('stopped');
  });

  it('should record the task in the simulator state', async () => {
    const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'));

    expect(sut.state.tasks().map((task) => task.upid)).toContain(response.body?.data);
  });

  describe('reboot, suspend and resume', () => {
    it('should reboot a running VM in a qmreboot task, restarting its uptime', async () => {
      const before = requireGuest(sut, 100).startedAt ?? 0;

      const task = await powerAndWait(sut, '/nodes/pve1/qemu/100/status/reboot');

      expect(task).toMatchObject({ type: 'qmreboot', exitstatus: 'OK' });
      expect(requireGuest(sut, 100).status).toBe('running');
      expect(requireGuest(sut, 100).startedAt).toBeGreaterThan(before);
    });

    it('should answer 500 "VM … not running" to a reboot of a stopped VM', async () => {
      const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/reboot'));

      expect(response.statusText).toBe('VM 106 not running');
    });

    it('should pause a VM with suspend (qmpause) and report QMP status paused', async () => {
      const task = await powerAndWait(sut, '/nodes/pve1/qemu/100/status/suspend');
      const status = await callApi(sut, 'GET', api('/nodes/pve1/qemu/100/status/current'));

      expect(task.type).toBe('qmpause');
      expect(status.body?.data).toMatchObject({ status: 'running', qmpstatus: 'paused' });
    });

    it('should resume a paused VM', async () => {
      await powerAndWait(sut, '/nodes/pve1/qemu/100/status/suspend');

      await powerAndWait(sut, '/nodes/pve1/qemu/100/status/resume');

      expect(requireGuest(sut, 100).paused).toBeUndefined();
    });

    it('should refuse to shut down a paused VM', async () => {
      await powerAndWait(sut, '/nodes/pve1/qemu/100/status/suspend');

      const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/100/status/shutdown'));

      expect(response.statusText).toBe('VM is paused - cannot shutdown');
    });

    it('should suspend to disk (qmsuspend): the VM stops with the lock `suspended` until resumed', async () => {
      const task = await runTask(sut, 'POST', '/nodes/pve1/qemu/100/status/suspend', { todisk: 1 });

      expect(task.type).toBe('qmsuspend');
      expect(requireGuest(sut, 100)).toMatchObject({
        status: 'stopped',
        config: expect.objectContaining({ lock: 'suspended' }),
      });
      await runTask(sut, 'POST', '/nodes/pve1/qemu/100/status/resume');
      expect(requireGuest(sut, 100).status).toBe('running');
      expect(requireGuest(sut, 100).config).not.toHaveProperty('lock');
    });

    it('should take statestorage only with todisk', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/100/status/suspend', {
        statestorage: 'local-lvm',
      });

      expect(response.body?.errors).toEqual({ todisk: "missing property required by 'statestorage'" });
    });

    it('should reboot a running container in a vzreboot task', async () => {
      const task = await powerAndWait(sut, '/nodes/pve1/lxc/200/status/reboot');

      expect(task).toMatchObject({ type: 'vzreboot', exitstatus: 'OK' });
    });
  });

  describe('task logs of a start', () => {
    it('should end with WARNINGS: 1 when OVMF starts without an EFI disk', async () => {
      requireGuest(sut, 106).config['bios'] = 'ovmf';

      const task = await powerAndWait(sut, '/nodes/pve1/qemu/106/status/start');

      expect(task.exitstatus).toBe('WARNINGS: 1');
      expect(task.log).toEqual([
        'WARN: no efidisk configured! Using temporary efivars disk.',
        'TASK WARNINGS: 1',
      ]);
    });

    it('should generate the cloud-init ISO of a VM with a cloud-init drive', async () => {
      requireGuest(sut, 106).config['ide2'] = 'local-lvm:vm-106-cloudinit,media=cdrom';

      const task = await powerAndWait(sut, '/nodes/pve1/qemu/106/status/start');

      expect(task.log).toEqual(['generating cloud-init ISO', 'TASK OK']);
    });

    it('should end the log of a failed start with TASK ERROR', async () => {
      const task = await powerAndWait(sut, '/nodes/pve1/qemu/100/status/start');

      expect(task.log).toEqual(['TASK ERROR: VM 100 already running']);
    });
  });
});

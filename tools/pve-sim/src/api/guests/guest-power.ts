import { PveHttpError } from '../../http/pve-http-error';
import type { RouteParameters } from '../../routes/route';
import { type Guest, type GuestType, guestKind } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import type { SimTask } from '../../tasks/sim-task';
import { loadGuestConfig } from './load-guest-config';

export type PowerAction = 'start' | 'stop' | 'shutdown';

export const POWER_ACTIONS: readonly PowerAction[] = ['start', 'stop', 'shutdown'];

export interface PowerRequest {
  readonly state: SimulatorState;
  readonly node: string;
  readonly vmid: number;
}

/**
 * How one power call behaves, split where PVE splits it: checks made before the
 * worker is forked fail the HTTP call; everything in the worker fails the task.
 */
export interface PowerBehaviour {
  readonly workerType: string;
  /** Optional parameters PVE declares for the call; accepted, with no effect on the simulated worker. */
  readonly parameters: RouteParameters;
  readonly precheck?: (request: PowerRequest) => void;
  readonly work: (request: PowerRequest, task: SimTask) => void;
}

const TIMEOUT = { type: 'integer', minimum: 0, optional: true } as const;
const FLAG = { type: 'boolean', optional: true } as const;

// Sources: qemu-server PVE/API2/Qemu.pm + PVE/QemuServer.pm (vm_start, vm_stop) and
// pve-container PVE/API2/LXC/Status.pm. qemu checks everything inside the worker;
// pve-container checks whether the CT runs before it forks.
export const POWER_BEHAVIOURS: Readonly<Record<GuestType, Readonly<Record<PowerAction, PowerBehaviour>>>> = {
  qemu: {
    start: {
      workerType: 'qmstart',
      parameters: { timeout: TIMEOUT },
      work: ({ state, node, vmid }, task) => {
        const guest = loadGuestConfig(state, node, 'qemu', vmid);
        if (guest.config['template'] === '1') throw new Error("you can't start a vm if it's a template");
        assertUnlocked(guest);
        if (guest.status === 'running') throw new Error(`VM ${vmid} already running`);
        markRunning(guest, task);
      },
    },
    stop: {
      workerType: 'qmstop',
      parameters: { timeout: TIMEOUT, keepActive: FLAG, 'overrule-shutdown': FLAG },
      work: (request) => stopVm(request),
    },
    shutdown: {
      workerType: 'qmshutdown',
      parameters: { timeout: TIMEOUT, forceStop: FLAG, keepActive: FLAG },
      work: (request) => stopVm(request),
    },
  },
  lxc: {
    start: {
      workerType: 'vzstart',
      parameters: { debug: FLAG },
      precheck: ({ state, node, vmid }) => {
        if (isContainerRunning(state, node, vmid)) throw PveHttpError.failed(`CT ${vmid} already running`);
      },
      work: ({ state, node, vmid }, task) => {
        const guest = loadGuestConfig(state, node, 'lxc', vmid);
        if (guest.config['template'] === '1') throw new Error("you can't start a CT if it's a template");
        assertUnlocked(guest, 'mounted');
        markRunning(guest, task);
      },
    },
    stop: {
      workerType: 'vzstop',
      parameters: { 'overrule-shutdown': FLAG },
      precheck: assertContainerRunning,
      work: ({ state, node, vmid }) => {
        const guest = loadGuestConfig(state, node, 'lxc', vmid);
        assertUnlocked(guest, 'mounted');
        markStopped(guest);
      },
    },
    shutdown: {
      workerType: 'vzshutdown',
      parameters: { timeout: TIMEOUT, forceStop: FLAG },
      precheck: assertContainerRunning,
      work: ({ state, node, vmid }) => {
        const guest = loadGuestConfig(state, node, 'lxc', vmid);
        assertUnlocked(guest);
        markStopped(guest);
      },
    },
  },
};

/** qemu's vm_stop: a VM that is not running is already where the caller wants it, so the task succeeds. */
function stopVm({ state, node, vmid }: PowerRequest): void {
  const guest = state.guestOn(node, 'qemu', vmid);
  if (!guest) throw new Error(`unable to find configuration file for VM ${vmid} on node '${node}'`);
  if (guest.status !== 'running') return;
  assertUnlocked(guest);
  markStopped(guest);
}

function isContainerRunning(state: SimulatorState, node: string, vmid: number): boolean {
  return state.guestOn(node, 'lxc', vmid)?.status === 'running';
}

function assertContainerRunning({ state, node, vmid }: PowerRequest): void {
  if (!isContainerRunning(state, node, vmid)) throw PveHttpError.failed(`CT ${vmid} not running`);
}

/** AbstractConfig::check_lock; pve-container lets start/stop pass a 'mounted' lock. */
function assertUnlocked(guest: Guest, tolerated?: string): void {
  const lock = guest.config['lock'];
  if (lock !== undefined && lock !== tolerated)
    throw new Error(`${guestKind(guest.type)} is locked (${lock})`);
}

function markRunning(guest: Guest, task: SimTask): void {
  guest.status = 'running';
  guest.startedAt = Date.now();
  // The guest process is the worker's child.
  guest.pid = task.pid + 1;
}

function markStopped(guest: Guest): void {
  guest.status = 'stopped';
  delete guest.startedAt;
  delete guest.pid;
}

import { QEMU_AGENT_FORMAT } from '../../formats/guest-property-formats';
import { parsePropertyString } from '../../formats/property-string';
import { PveHttpError } from '../../http/pve-http-error';
import type { RouteParameters } from '../../routes/route';
import type { Guest, GuestType } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import type { TaskContext } from '../../tasks/task-engine';
import { assertUnlocked } from './guest-locks';
import { configDisks } from './guest-volumes';
import { loadGuestConfig } from './load-guest-config';

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'suspend' | 'resume';

export interface PowerRequest {
  readonly state: SimulatorState;
  readonly node: string;
  readonly vmid: number;
  readonly params: Readonly<Record<string, string>>;
  /** After a start, how long until the VM's guest agent answers. */
  readonly agentDelayMs: number;
}

/**
 * How one power call behaves, split where PVE splits it: checks made before the
 * worker is forked fail the HTTP call; everything in the worker fails the task.
 */
export interface PowerBehaviour {
  readonly workerType: string | ((params: Readonly<Record<string, string>>) => string);
  /** Optional parameters PVE declares for the call; accepted, most with no effect on the simulated worker. */
  readonly parameters: RouteParameters;
  readonly precheck?: (request: PowerRequest) => void;
  readonly work: (request: PowerRequest, context: TaskContext) => void;
}

const TIMEOUT = { type: 'integer', minimum: 0, optional: true } as const;
const FLAG = { type: 'boolean', optional: true } as const;

// Sources: qemu-server PVE/API2/Qemu.pm + PVE/QemuServer.pm (vm_start, vm_stop, vm_reboot),
// PVE/QemuServer/RunState.pm (vm_suspend, vm_resume) and pve-container PVE/API2/LXC/Status.pm.
// qemu checks most things inside the worker; pve-container checks whether the CT runs
// before it forks.
export const POWER_BEHAVIOURS: Readonly<Record<GuestType, Partial<Record<PowerAction, PowerBehaviour>>>> = {
  qemu: {
    start: {
      workerType: 'qmstart',
      parameters: { timeout: TIMEOUT },
      work: (request, context) => {
        const guest = loadGuestConfig(request.state, request.node, 'qemu', request.vmid);
        if (guest.config['template'] === '1') throw new Error("you can't start a vm if it's a template");
        assertUnlocked(guest);
        if (guest.status === 'running') throw new Error(`VM ${request.vmid} already running`);
        startVm(guest, context, request.agentDelayMs);
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
      precheck: ({ state, node, vmid }) => {
        if (state.guestOn(node, 'qemu', vmid)?.paused)
          throw PveHttpError.failed('VM is paused - cannot shutdown');
      },
      work: (request) => stopVm(request),
    },
    reboot: {
      workerType: 'qmreboot',
      parameters: { timeout: TIMEOUT },
      precheck: ({ state, node, vmid }) => {
        const guest = state.guestOn(node, 'qemu', vmid);
        if (guest?.paused) throw PveHttpError.failed('VM is paused - cannot shutdown');
        if (guest?.status !== 'running') throw PveHttpError.failed(`VM ${vmid} not running`);
      },
      work: (request, context) => {
        const guest = loadGuestConfig(request.state, request.node, 'qemu', request.vmid);
        // vm_reboot only reboots a running VM; qmeventd starts it again after the stop.
        if (guest.status !== 'running') return;
        assertUnlocked(guest);
        markStopped(guest);
        startVm(guest, context, request.agentDelayMs);
      },
    },
    suspend: {
      workerType: (params) => (params['todisk'] === '1' ? 'qmsuspend' : 'qmpause'),
      parameters: {
        skiplock: FLAG,
        statestorage: { type: 'string', optional: true, format: 'pve-storage-id', requires: 'todisk' },
        todisk: FLAG,
      },
      precheck: assertVmRunning,
      work: ({ state, node, vmid, params }) => {
        const guest = loadGuestConfig(state, node, 'qemu', vmid);
        // A backup may run while the VM pauses; any other lock refuses it.
        if (params['skiplock'] !== '1' && guest.config['lock'] !== 'backup') assertUnlocked(guest);
        if (params['todisk'] !== '1') {
          guest.paused = true;
          return;
        }
        if (guest.config['lock'] === 'backup') throw new Error('cannot suspend to disk during backup');
        const storage = params['statestorage'] ?? vmstateStorage(guest);
        guest.config['vmstate'] = `${storage}:vm-${vmid}-state-suspend-${isoDay()}`;
        guest.config['lock'] = 'suspended';
        markStopped(guest);
      },
    },
    resume: {
      workerType: 'qmresume',
      parameters: { nocheck: FLAG, skiplock: FLAG },
      precheck: ({ state, node, vmid }) => {
        const guest = state.guestOn(node, 'qemu', vmid);
        if (guest?.config['lock'] !== 'suspended' && guest?.status !== 'running') {
          throw PveHttpError.failed(`VM ${vmid} not running`);
        }
      },
      work: ({ state, node, vmid, params, agentDelayMs }, context) => {
        const guest = loadGuestConfig(state, node, 'qemu', vmid);
        if (guest.config['lock'] === 'suspended') {
          // Resuming from disk is a start that loads the saved state.
          delete guest.config['lock'];
          delete guest.config['vmstate'];
          startVm(guest, context, agentDelayMs);
          return;
        }
        if (guest.config['template'] === '1')
          throw new Error(`VM ${vmid} is a template and cannot be resumed!`);
        if (!guest.paused) return;
        if (params['skiplock'] !== '1' && guest.config['lock'] !== 'backup') assertUnlocked(guest);
        delete guest.paused;
      },
    },
  },
  lxc: {
    start: {
      workerType: 'vzstart',
      parameters: { debug: FLAG },
      precheck: ({ state, node, vmid }) => {
        if (isContainerRunning(state, node, vmid)) throw PveHttpError.failed(`CT ${vmid} already running`);
      },
      work: ({ state, node, vmid }, context) => {
        const guest = loadGuestConfig(state, node, 'lxc', vmid);
        if (guest.config['template'] === '1') throw new Error("you can't start a CT if it's a template");
        assertUnlocked(guest, 'mounted');
        markRunning(guest, context);
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
    reboot: {
      workerType: 'vzreboot',
      parameters: { timeout: TIMEOUT },
      precheck: ({ state, node, vmid }) => {
        if (!isContainerRunning(state, node, vmid)) throw PveHttpError.failed(`VM ${vmid} not running`);
      },
      work: ({ state, node, vmid }, context) => {
        const guest = loadGuestConfig(state, node, 'lxc', vmid);
        assertUnlocked(guest);
        markStopped(guest);
        markRunning(guest, context);
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

/**
 * vm_start's visible effects: cloud-init's ISO is generated, OVMF without an EFI disk
 * warns (the task ends "WARNINGS: 1"), the VM runs and its agent answers after a while.
 */
export function startVm(guest: Guest, context: TaskContext, agentDelayMs: number): void {
  if (configDisks('qemu', guest.config).some((disk) => disk.cloudinit))
    context.log('generating cloud-init ISO');
  if (guest.config['bios'] === 'ovmf' && guest.config['efidisk0'] === undefined) {
    context.warn('no efidisk configured! Using temporary efivars disk.');
  }
  markRunning(guest, context);
  if (agentEnabled(guest)) guest.agentReadyAt = Date.now() + agentDelayMs;
}

/** Whether `agent: 1` (or `enabled=1,…`) is set. */
export function agentEnabled(guest: Guest): boolean {
  const agent = guest.config['agent'];
  if (agent === undefined) return false;
  try {
    return parsePropertyString(QEMU_AGENT_FORMAT, agent)['enabled'] === '1';
  } catch {
    return false;
  }
}

function assertVmRunning({ state, node, vmid }: PowerRequest): void {
  if (state.guestOn(node, 'qemu', vmid)?.status !== 'running')
    throw PveHttpError.failed(`VM ${vmid} not running`);
}

function isContainerRunning(state: SimulatorState, node: string, vmid: number): boolean {
  return state.guestOn(node, 'lxc', vmid)?.status === 'running';
}

function assertContainerRunning({ state, node, vmid }: PowerRequest): void {
  if (!isContainerRunning(state, node, vmid)) throw PveHttpError.failed(`CT ${vmid} not running`);
}

/** PVE::QemuConfig::find_vmstate_storage: the storage of the first disk. */
function vmstateStorage(guest: Guest): string {
  const disk = configDisks('qemu', guest.config).find((entry) => !entry.cdrom);
  return disk?.volid.split(':', 1)[0] ?? 'local-lvm';
}

function isoDay(): string {
  return new Date().toISOString().slice(0, 10);
}

export function markRunning(guest: Guest, context: TaskContext): void {
  guest.status = 'running';
  guest.startedAt = Date.now();
  // The guest process is the worker's child.
  guest.pid = context.task.pid + 1;
}

export function markStopped(guest: Guest): void {
  guest.status = 'stopped';
  delete guest.startedAt;
  delete guest.pid;
  delete guest.paused;
  delete guest.agentReadyAt;
}

import { Subjects, type DataOf } from '@proxmox-mpc/contracts';
import type { Clock } from '@proxmox-mpc/service-runtime';
import type { Operation } from '../operations/operation.entity';
import { operationOf, type OperationRequest } from '../operations/operation-request';

export const AGENT = 'token:agent';
export const OPERATOR = 'token:admin';

/** What power_guest asks for to start or stop qemu 100 (web-01), before any cluster or policy. */
function powerRequest(action: 'start' | 'stop'): OperationRequest {
  return {
    tool: 'power_guest',
    subject: Subjects.proxmoxGuestPower,
    data: { vmid: 100, node: 'pve1', type: 'qemu', action },
    origin: { correlationId: 'call-1', actor: { kind: 'agent', id: AGENT } },
    summary: `${action} qemu 100 (web-01) on pve1`,
  };
}

/** Stopping the guest, asked for by a call that named no cluster. */
export function stopAnywhere(): OperationRequest {
  return { ...powerRequest('stop'), approvalAction: 'power.stop' };
}

/** Stopping the guest on cluster `prod`. */
export function stopRequest(changes: Partial<OperationRequest> = {}): OperationRequest {
  return { ...stopAnywhere(), target: 'prod', ...changes };
}

/** Starting it again: nothing to approve. */
export function startRequest(): OperationRequest {
  return { ...powerRequest('start'), target: 'prod' };
}

/** That stop, held now for an operator until `ttlMs` from now. */
export function heldStop(clock: Clock, ttlMs: number, changes: Partial<OperationRequest> = {}): Operation {
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + ttlMs);
  return operationOf(stopRequest(changes), { status: 'awaiting-approval', expiresAt }, now);
}

/** That stop, sent now. */
export function runningStop(clock: Clock, changes: Partial<OperationRequest> = {}): Operation {
  return operationOf(stopRequest(changes), { status: 'running' }, clock.now());
}

/** What proxmox-agent reports when the stop is done. */
export const STOPPED: DataOf<typeof Subjects.proxmoxOperationCompleted> = {
  operation: 'power',
  vmid: 100,
  node: 'pve1',
  type: 'qemu',
  upids: ['UPID:pve1:00001234:00005678:65920000:qmstop:100:root@pam:'],
  durationMs: 1_200,
  action: 'stop',
  status: 'stopped',
};

/** What proxmox-agent reports when Proxmox refuses the stop. */
export const STOP_REFUSED: DataOf<typeof Subjects.proxmoxOperationFailed> = {
  operation: 'power',
  vmid: 100,
  code: 'TASK_FAILED',
  message: 'VM 100 is locked (backup)',
  upids: [],
  completedSteps: [],
};

import { PveApiError } from '../errors/pve-api-error';
import type { PveExecStatus } from '../types/pve-cluster-services';
import type { PveAgentNetworkInterface } from '../types/pve-guest-operations';
import type { ApiCaller } from './api-caller';

/**
 * GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces: the VM's interfaces and
 * addresses as its QEMU guest agent reports them. Rejects with CONFLICT "QEMU guest
 * agent is not running" until the agent inside a started VM answers (retry later),
 * CONFLICT "VM … is not running" for a stopped VM, and SERVER_ERROR "No QEMU guest
 * agent configured" without the `agent` option.
 */
export async function agentNetworkInterfaces(
  call: ApiCaller,
  node: string,
  vmid: number,
): Promise<PveAgentNetworkInterface[]> {
  const template = '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces';
  const data = await call({ method: 'GET', template, params: { node, vmid } });
  const result = (data as { result?: unknown } | null)?.result;
  if (!Array.isArray(result)) {
    throw new PveApiError({ code: 'SERVER_ERROR', status: 200, message: `GET ${template}: no agent result` });
  }
  return result as PveAgentNetworkInterface[];
}

/**
 * POST …/agent/exec: starts `command` (program and arguments, no shell) in the VM through
 * its guest agent and resolves with the guest's PID; read the outcome with agentExecStatus.
 */
export async function agentExec(
  call: ApiCaller,
  node: string,
  vmid: number,
  command: readonly string[],
  inputData?: string,
): Promise<number> {
  const template = '/nodes/{node}/qemu/{vmid}/agent/exec';
  const data = await call({
    method: 'POST',
    template,
    params: { node, vmid },
    body: { command, ...(inputData !== undefined && { 'input-data': inputData }) },
  });
  const pid = (data as { pid?: unknown } | null)?.pid;
  if (typeof pid !== 'number') {
    throw new PveApiError({
      code: 'SERVER_ERROR',
      status: 200,
      message: `POST ${template}: no pid in the answer`,
    });
  }
  return pid;
}

/**
 * GET …/agent/exec-status: whether the process has exited and, once it has, its exit code
 * and captured output. The agent forgets the process after reporting its exit once.
 */
export async function agentExecStatus(
  call: ApiCaller,
  node: string,
  vmid: number,
  pid: number,
): Promise<PveExecStatus> {
  return (await call({
    method: 'GET',
    template: '/nodes/{node}/qemu/{vmid}/agent/exec-status',
    params: { node, vmid },
    query: { pid },
  })) as PveExecStatus;
}

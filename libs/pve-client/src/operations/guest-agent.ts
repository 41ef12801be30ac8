import { PveApiError } from '../errors/pve-api-error';
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

import type { ProxmoxTarget } from '../targets/proxmox-target';

/** The node asked for, or every node of the cluster that is online (an offline one cannot answer). */
export async function nodesToRead(target: ProxmoxTarget, node: string | undefined): Promise<string[]> {
  if (node) return [node];
  return (await target.client.nodes())
    .filter((entry) => entry.status === 'online')
    .map((entry) => entry.node);
}

import type { ClusterNode } from '../state/cluster-node';
import type { SimulatorState } from '../state/simulator-state';
import { PveHttpError } from './pve-http-error';

/**
 * PVE forwards `proxyto => 'node'` calls to the named node before it verifies any
 * parameter; a name that is no cluster member falls through to a DNS lookup, and
 * its failure is the answer (PVE::Network::get_ip_from_hostname).
 */
export function resolveProxyNode(state: SimulatorState, name: string): ClusterNode {
  const node = state.node(name);
  if (!node) {
    throw PveHttpError.failed(
      `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`,
    );
  }
  return node;
}

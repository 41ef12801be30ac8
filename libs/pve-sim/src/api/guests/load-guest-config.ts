import { type Guest, type GuestType, guestConfigPath } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';

/**
 * PVE's `load_config`: a guest's config is read from the node that handles the
 * request, so a vmid of another type, or one living on another node, is as
 * missing as one that does not exist at all.
 */
export function loadGuestConfig(state: SimulatorState, node: string, type: GuestType, vmid: number): Guest {
  const guest = state.guestOn(node, type, vmid);
  if (!guest) throw new Error(`Configuration file '${guestConfigPath(type, node, vmid)}' does not exist`);
  return guest;
}

import type { ProxmoxTarget } from './proxmox-target';
import { toHandlerError } from './pve-errors';
import type { TargetRegistry } from './target-registry';

/**
 * Reads from the named target's cluster now. An unknown target, and any failure of
 * Proxmox, come out as the platform's refusals (HandlerError).
 */
export async function liveRead<T>(
  targets: TargetRegistry,
  name: string | undefined,
  read: (target: ProxmoxTarget) => Promise<T>,
): Promise<T> {
  const target = targets.resolve(name);
  try {
    return await read(target);
  } catch (error) {
    throw toHandlerError(error);
  }
}

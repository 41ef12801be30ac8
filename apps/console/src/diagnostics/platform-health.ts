import { readPlatformHealth as readBusPlatformHealth, type PlatformHealth } from '@proxmox-mpc/bus';
import type { CommandContext } from '../commands/command';

export type { PlatformHealth } from '@proxmox-mpc/bus';

/** The platform's health as the console's operator reads it (see `readPlatformHealth` in the bus library). */
export async function readPlatformHealth(
  context: CommandContext,
  options: { includeConfig?: boolean } = {},
): Promise<PlatformHealth> {
  return readBusPlatformHealth(await context.platform.bus(), context.origin(), options);
}

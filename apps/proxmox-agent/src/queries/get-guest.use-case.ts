import { Injectable } from '@nestjs/common';
import { Subjects, type GuestDetail, type GuestStatus, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { Clock } from '@proxmox-mpc/service-runtime';
import { GuestLocator } from '../inventory/guest-locator';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';
import { addressesOf } from './guest-addresses';

const STATUSES: ReadonlySet<string> = new Set(['running', 'stopped', 'paused', 'suspended']);

export type GetGuest = QueryRequestOf<typeof Subjects.proxmoxGuestGet> & { target?: string };

/** One guest, read live: its config, status and (when the agent runs) its addresses. */
@Injectable()
export class GetGuestUseCase {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly locator: GuestLocator,
    private readonly clock: Clock,
  ) {}

  execute({ target: name, vmid }: GetGuest): Promise<GuestDetail> {
    return liveRead(this.targets, name, async (target) => {
      const guest = await this.locator.locate(target, vmid);
      const [config, status] = await Promise.all([
        target.client.guestConfig(guest.node, guest.type, guest.vmid),
        target.client.guestStatus(guest.node, guest.type, guest.vmid),
      ]);
      const { digest, ...settings } = config;
      const runState: GuestStatus = STATUSES.has(status.status) ? (status.status as GuestStatus) : 'unknown';
      const ipAddresses =
        guest.type === 'qemu' && runState === 'running'
          ? await addressesOf(target.client, guest.node, guest.vmid)
          : [];
      return {
        target: target.name,
        guest: {
          vmid: guest.vmid,
          name: status.name ?? guest.name,
          node: guest.node,
          type: guest.type,
          status: runState,
          template: Boolean(status.template ?? settings.template),
          cpus: status.cpus ?? 0,
          memoryBytes: status.maxmem ?? 0,
          diskBytes: status.maxdisk ?? 0,
          uptimeSeconds: status.uptime ?? 0,
          tags: String(settings.tags ?? '')
            .split(/[;,\s]+/)
            .filter(Boolean),
          ...(status.lock ? { lock: status.lock } : {}),
        },
        config: Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)])),
        digest: String(digest),
        live: {
          status: runState,
          uptimeSeconds: status.uptime ?? 0,
          cpuUsage: status.cpu ?? 0,
          memoryUsedBytes: status.mem ?? 0,
          ...(status.lock ? { lock: status.lock } : {}),
          ipAddresses,
        },
        readAt: this.clock.now().toISOString(),
      };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Subjects, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

export type GetNodeStatus = QueryRequestOf<typeof Subjects.proxmoxNodeStatus> & { target?: string };
export type NodeStatusReply = QueryResponseOf<typeof Subjects.proxmoxNodeStatus>;

/** A node's load, memory, root disk, uptime, kernel and PVE version, read live. */
@Injectable()
export class GetNodeStatusUseCase {
  constructor(private readonly targets: TargetRegistry) {}

  execute({ target: name, node }: GetNodeStatus): Promise<NodeStatusReply> {
    return liveRead(this.targets, name, async (target) => {
      const status = await target.client.nodeStatus(node);
      return {
        target: target.name,
        status: {
          node,
          cpuUsage: status.cpu,
          ioWait: status.wait ?? 0,
          loadAverage: status.loadavg.map(Number),
          uptimeSeconds: status.uptime,
          cpuModel: status.cpuinfo.model,
          sockets: status.cpuinfo.sockets,
          cores: status.cpuinfo.cores,
          cpus: status.cpuinfo.cpus,
          memoryTotalBytes: status.memory.total,
          memoryUsedBytes: status.memory.used,
          swapTotalBytes: status.swap?.total ?? 0,
          swapUsedBytes: status.swap?.used ?? 0,
          rootTotalBytes: status.rootfs.total,
          rootUsedBytes: status.rootfs.used,
          kernel: status['current-kernel'].release,
          pveVersion: status.pveversion,
          ...(status['boot-info'] ? { bootMode: status['boot-info'].mode } : {}),
        },
      };
    });
  }
}

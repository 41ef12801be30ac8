import { Injectable } from '@nestjs/common';
import { Subjects, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

export type GetVolume = QueryRequestOf<typeof Subjects.proxmoxVolumeGet> & { target?: string };
export type VolumeReply = QueryResponseOf<typeof Subjects.proxmoxVolumeGet>;

/** One volume of a storage: path, size, format, and a backup's notes and protection. */
@Injectable()
export class GetVolumeUseCase {
  constructor(private readonly targets: TargetRegistry) {}

  execute({ target: name, node, volume }: GetVolume): Promise<VolumeReply> {
    return liveRead(this.targets, name, async (target) => {
      const info = await target.client.volumeInfo(node, volume);
      return {
        target: target.name,
        node,
        volume,
        path: info.path,
        sizeBytes: info.size,
        usedBytes: info.used,
        format: info.format,
        ...(info.notes === undefined ? {} : { notes: info.notes }),
        ...(info.protected === undefined ? {} : { protected: Boolean(info.protected) }),
      };
    });
  }
}

import { Injectable } from '@nestjs/common';
import {
  Subjects,
  type QueryResponseOf,
  type StorageListRequest,
  type StorageSummary,
} from '@proxmox-mpc/contracts';
import type { PveClient } from '@proxmox-mpc/pve-client';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';
import { nodesToRead } from './nodes-to-read';

export type ListStorage = StorageListRequest & { target?: string };
export type Storages = QueryResponseOf<typeof Subjects.proxmoxStorageList>;

/** Storages per node with usage; their volumes too when a content type is asked for. */
@Injectable()
export class ListStorageUseCase {
  constructor(private readonly targets: TargetRegistry) {}

  execute({ target: name, node, storage, content }: ListStorage): Promise<Storages> {
    return liveRead(this.targets, name, async (target) => {
      const perNode = await Promise.all(
        (await nodesToRead(target, node)).map(async (each) => {
          const storages = (await target.client.storages(each)).filter(
            (entry) =>
              (storage === undefined || entry.storage === storage) &&
              (content === undefined || (entry.content ?? '').split(',').includes(content)),
          );
          return Promise.all(
            storages.map(async (entry): Promise<StorageSummary> => ({
              node: each,
              storage: entry.storage,
              type: entry.type,
              content: (entry.content ?? '').split(',').filter(Boolean),
              shared: Boolean(entry.shared),
              active: Boolean(entry.active),
              totalBytes: entry.total ?? 0,
              usedBytes: entry.used ?? 0,
              ...(content ? { volumes: await volumesOf(target.client, each, entry.storage, content) } : {}),
            })),
          );
        }),
      );
      return { target: target.name, storages: perNode.flat() };
    });
  }
}

async function volumesOf(
  client: PveClient,
  node: string,
  storage: string,
  content: NonNullable<StorageListRequest['content']>,
): Promise<NonNullable<StorageSummary['volumes']>> {
  return (await client.storageContent(node, storage, { content })).map((volume) => ({
    volid: volume.volid,
    content: volume.content,
    sizeBytes: volume.size ?? 0,
    ...(volume.vmid === undefined ? {} : { vmid: Number(volume.vmid) }),
    ...(volume.ctime === undefined ? {} : { createdAt: new Date(volume.ctime * 1000).toISOString() }),
  }));
}

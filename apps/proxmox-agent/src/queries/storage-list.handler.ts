import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import {
  Subjects,
  type Envelope,
  type StorageListRequest,
  type StorageSummary,
} from '@proxmox-mpc/contracts';
import { toHandlerError } from '../targets/pve-errors';
import { TargetRegistry } from '../targets/target-registry';

/** Storages per node with usage; their volumes too when a content type is asked for. */
@Controller()
export class StorageListHandler {
  constructor(private readonly targets: TargetRegistry) {}

  @OnQuery(Subjects.proxmoxStorageList)
  async handle(
    @Payload() request: Envelope<StorageListRequest>,
  ): Promise<{ target: string; storages: StorageSummary[] }> {
    const target = this.targets.resolve(request.target);
    const { node, storage, content } = request.data;
    try {
      const nodes = node
        ? [node]
        : (await target.client.nodes())
            .filter((entry) => entry.status === 'online')
            .map((entry) => entry.node);
      const perNode = await Promise.all(
        nodes.map(async (name) => {
          const storages = (await target.client.storages(name)).filter(
            (entry) =>
              (storage === undefined || entry.storage === storage) &&
              (content === undefined || (entry.content ?? '').split(',').includes(content)),
          );
          return Promise.all(
            storages.map(async (entry): Promise<StorageSummary> => {
              const volumes = content
                ? (await target.client.storageContent(name, entry.storage, { content })).map((volume) => ({
                    volid: volume.volid,
                    content: volume.content,
                    sizeBytes: volume.size ?? 0,
                    ...(volume.vmid === undefined ? {} : { vmid: Number(volume.vmid) }),
                    ...(volume.ctime === undefined
                      ? {}
                      : { createdAt: new Date(volume.ctime * 1000).toISOString() }),
                  }))
                : undefined;
              return {
                node: name,
                storage: entry.storage,
                type: entry.type,
                content: (entry.content ?? '').split(',').filter(Boolean),
                shared: Boolean(entry.shared),
                active: Boolean(entry.active),
                totalBytes: entry.total ?? 0,
                usedBytes: entry.used ?? 0,
                ...(volumes ? { volumes } : {}),
              };
            }),
          );
        }),
      );
      return { target: target.name, storages: perNode.flat() };
    } catch (error) {
      throw toHandlerError(error);
    }
  }
}

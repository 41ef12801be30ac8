import { Injectable } from '@nestjs/common';
import { Subjects, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

export type GetPermissions = QueryRequestOf<typeof Subjects.proxmoxPermissionsGet> & { target?: string };
export type Permissions = QueryResponseOf<typeof Subjects.proxmoxPermissionsGet>;

/** Who the agent is on the cluster and what Proxmox lets it do (effective privileges per path). */
@Injectable()
export class GetPermissionsUseCase {
  constructor(private readonly targets: TargetRegistry) {}

  execute({ target: name, path }: GetPermissions): Promise<Permissions> {
    return liveRead(this.targets, name, async (target) => {
      const permissions = await target.client.permissions(path ? { path } : {});
      return {
        target: target.name,
        identity:
          'tokenId' in target.settings.auth ? target.settings.auth.tokenId : target.settings.auth.username,
        permissions: Object.fromEntries(
          Object.entries(permissions).map(([path, privileges]) => [
            path,
            Object.entries(privileges)
              .filter(([, granted]) => Boolean(granted))
              .map(([privilege]) => privilege)
              .sort(),
          ]),
        ),
      };
    });
  }
}

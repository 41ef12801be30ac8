import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope } from '@proxmox-mpc/contracts';
import { toHandlerError } from '../targets/pve-errors';
import { TargetRegistry } from '../targets/target-registry';

/** Who the agent is on the cluster and what Proxmox lets it do (effective privileges per path). */
@Controller()
export class PermissionsGetHandler {
  constructor(private readonly targets: TargetRegistry) {}

  @OnQuery(Subjects.proxmoxPermissionsGet)
  async handle(
    @Payload() request: Envelope<{ path?: string }>,
  ): Promise<{ target: string; identity: string; permissions: Record<string, string[]> }> {
    const target = this.targets.resolve(request.target);
    try {
      const permissions = await target.client.permissions(
        request.data.path ? { path: request.data.path } : {},
      );
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
    } catch (error) {
      throw toHandlerError(error);
    }
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { GetPermissionsUseCase, type Permissions } from './get-permissions.use-case';

@Controller()
export class PermissionsGetHandler {
  constructor(private readonly getPermissions: GetPermissionsUseCase) {}

  @OnQuery(Subjects.proxmoxPermissionsGet)
  handle(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxPermissionsGet>>,
  ): Promise<Permissions> {
    return this.getPermissions.execute({ ...request.data, target: request.target });
  }
}

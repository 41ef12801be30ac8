import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { GetFirewallUseCase, type FirewallReply } from './get-firewall.use-case';

@Controller()
export class FirewallGetHandler {
  constructor(private readonly getFirewall: GetFirewallUseCase) {}

  @OnQuery(Subjects.proxmoxFirewallGet)
  handle(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxFirewallGet>>,
  ): Promise<FirewallReply> {
    return this.getFirewall.execute({ ...request.data, target: request.target });
  }
}

import { Injectable } from '@nestjs/common';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type ChainAnchor } from '@proxmox-mpc/contracts';
import { ChainAnchors } from './chain-anchors';

/** The newest anchor read back from JetStream (the stream's last message on its subject). */
@Injectable()
export class StreamChainAnchors extends ChainAnchors {
  constructor(private readonly bus: MessageBus) {
    super();
  }

  async latest(): Promise<ChainAnchor | undefined> {
    return (await this.bus.lastEvent(Subjects.auditChainAnchored))?.data;
  }
}

import type { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects, type ChainAnchor } from '@proxmox-mpc/contracts';
import { ChainAnchors } from './chain-anchors';

/** The anchors an InMemoryEventOutbox was given, as the stream would hold them: for unit tests. */
export class InMemoryChainAnchors extends ChainAnchors {
  constructor(private readonly outbox: InMemoryEventOutbox) {
    super();
  }

  async latest(): Promise<ChainAnchor | undefined> {
    return this.outbox.dataOf(Subjects.auditChainAnchored).at(-1);
  }
}

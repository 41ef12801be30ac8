import type { ChainAnchor } from '@proxmox-mpc/contracts';

/** The anchors published outside the table (evt.audit.chain.anchored), as the EVT stream keeps them. */
export abstract class ChainAnchors {
  /** The newest anchor, or undefined when none was published (or it aged out of the stream). */
  abstract latest(): Promise<ChainAnchor | undefined>;
}

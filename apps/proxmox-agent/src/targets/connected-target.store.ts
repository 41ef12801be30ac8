import type { Transaction } from '@proxmox-mpc/persistence';
import type { ConnectedTarget } from './connected-target.entity';

/** Every read and write of `connected_targets`. */
export abstract class ConnectedTargetStore {
  /** Oldest first. */
  abstract all(): Promise<ConnectedTarget[]>;

  abstract find(name: string, tx?: Transaction): Promise<ConnectedTarget | undefined>;

  abstract insert(target: ConnectedTarget, tx: Transaction): Promise<void>;
}

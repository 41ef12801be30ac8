import { ConnectedTarget } from './connected-target.entity';
import { ConnectedTargetStore } from './connected-target.store';

/** `connected_targets` in an array, for unit tests of the use cases. */
export class InMemoryConnectedTargetStore extends ConnectedTargetStore {
  readonly rows: ConnectedTarget[] = [];

  async all(): Promise<ConnectedTarget[]> {
    return [...this.rows].sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime());
  }

  async find(name: string): Promise<ConnectedTarget | undefined> {
    const row = this.rows.find((target) => target.name === name);
    return row && Object.assign(new ConnectedTarget(), row);
  }

  async insert(target: ConnectedTarget): Promise<void> {
    if (this.rows.some((row) => row.name === target.name)) {
      throw new Error(`duplicate key value violates unique constraint "connected_targets_pkey"`);
    }
    this.rows.push(Object.assign(new ConnectedTarget(), target));
  }
}

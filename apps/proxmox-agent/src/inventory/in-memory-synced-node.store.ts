import { SyncedNode } from './synced-node.entity';
import { SyncedNodeStore } from './synced-node.store';

/** `inventory_nodes` in an array, for unit tests of the use cases. */
export class InMemorySyncedNodeStore extends SyncedNodeStore {
  readonly rows: SyncedNode[] = [];

  async list(target: string): Promise<SyncedNode[]> {
    return this.rows
      .filter((row) => row.target === target)
      .sort((a, b) => a.node.localeCompare(b.node))
      .map((row) => Object.assign(new SyncedNode(), row));
  }

  async replace(target: string, nodes: readonly SyncedNode[]): Promise<void> {
    const others = this.rows.filter((row) => row.target !== target);
    this.rows.splice(
      0,
      this.rows.length,
      ...others,
      ...nodes.map((node) => Object.assign(new SyncedNode(), node)),
    );
  }
}

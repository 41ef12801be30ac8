import type { NodeSummary } from '@proxmox-mpc/contracts';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/** A node of a target as the last pass saw it (table `inventory_nodes`). */
@Entity({ name: 'inventory_nodes' })
@Check('inventory_nodes_status_check', `status IN ('online', 'offline', 'unknown')`)
export class SyncedNode {
  @PrimaryColumn('text')
  target!: string;

  @PrimaryColumn('text')
  node!: string;

  @Column('text')
  status!: NodeSummary['status'];

  @Column('double precision')
  cpus!: number;

  @Column({ name: 'cpu_usage', type: 'double precision' })
  cpuUsage!: number;

  @Column({ name: 'memory_bytes', type: 'bigint', transformer: bigintAsNumber })
  memoryBytes!: number;

  @Column({ name: 'memory_used_bytes', type: 'bigint', transformer: bigintAsNumber })
  memoryUsedBytes!: number;

  @Column({ name: 'uptime_seconds', type: 'bigint', transformer: bigintAsNumber })
  uptimeSeconds!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** How the node list shows a node: its figures and how many guests it holds. */
export function nodeSummaryOf(node: SyncedNode, guests: number): NodeSummary {
  return {
    node: node.node,
    status: node.status,
    cpus: node.cpus,
    cpuUsage: node.cpuUsage,
    memoryBytes: node.memoryBytes,
    memoryUsedBytes: node.memoryUsedBytes,
    uptimeSeconds: node.uptimeSeconds,
    guests,
  };
}

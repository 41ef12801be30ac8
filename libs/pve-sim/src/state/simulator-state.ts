import type { AccessConfig } from '../auth/access-config';
import type { SimTask } from '../tasks/sim-task';
import { BackupArchives } from './backup-archives';
import type { ClusterNode, NetworkInterface, NodeStorage, ResourcePool, StorageVolume } from './cluster-node';
import { type FirewallInventory, FirewallState } from './firewall-state';
import type { Guest, GuestType } from './guest';
import { type HaResource, HaState } from './ha-state';
import type { ApplianceTemplate, BackupJob, PhysicalDisk, RemoteFile } from './node-hardware';

export interface ClusterInventory {
  /** The corosync cluster name (GET /cluster/status). */
  readonly clusterName?: string;
  readonly nodes: readonly ClusterNode[];
  readonly guests: readonly Guest[];
  readonly storages: readonly NodeStorage[];
  /** ISO images, container templates and backups; guest disks come from the guest configs. */
  readonly volumes?: readonly StorageVolume[];
  readonly pools?: ReadonlyArray<{
    readonly poolid: string;
    readonly comment?: string;
    readonly vms?: readonly number[];
    readonly storage?: readonly string[];
  }>;
  /** Network interfaces by node name. */
  readonly networks?: Readonly<Record<string, readonly NetworkInterface[]>>;
  /** Users, groups and ACLs the scenario brings, next to those the simulator options add. */
  readonly access?: AccessConfig;
  /** HA resources; absent: nobody configured HA on this cluster (no CRM master runs). */
  readonly ha?: readonly HaResource[];
  /** Firewall config files; absent: none exist, so the firewall is off. */
  readonly firewall?: FirewallInventory;
  /** Block devices by node name. */
  readonly disks?: Readonly<Record<string, readonly PhysicalDisk[]>>;
  /** What URLs on the internet serve, for downloads into storage. */
  readonly remoteFiles?: readonly RemoteFile[];
  /** The appliance templates pveam offers. */
  readonly appliances?: readonly ApplianceTemplate[];
  /** Scheduled backup jobs. */
  readonly backupJobs?: readonly BackupJob[];
  /** datacenter.cfg, as GET /cluster/options reports it. */
  readonly clusterOptions?: Readonly<Record<string, unknown>>;
}

const DEFAULT_CLUSTER_NAME = 'pve-sim';

/** A line an API handler logs cluster-wide itself (PVE::Cluster::log_msg), beside the task lines. */
export interface ClusterLogMessage {
  /** Epoch seconds. */
  readonly time: number;
  readonly node: string;
  readonly user: string;
  readonly msg: string;
}

/**
 * Everything the simulated cluster knows: nodes, guests (keyed by vmid, which is
 * unique cluster-wide in PVE), storages and the tasks that ran.
 */
export class SimulatorState {
  readonly #nodes: ReadonlyMap<string, ClusterNode>;
  readonly #guests = new Map<number, Guest>();
  readonly #storages: readonly NodeStorage[];
  readonly #tasks = new Map<string, SimTask>();
  readonly #clusterLog: ClusterLogMessage[] = [];
  readonly #volumes = new Map<string, StorageVolume>();
  readonly #pools = new Map<string, ResourcePool>();
  readonly #networks: ReadonlyMap<string, readonly NetworkInterface[]>;
  readonly clusterName: string;
  readonly scenarioAccess: AccessConfig;
  /** What the backup archives the simulator wrote contain, for restores. */
  readonly backupArchives = new BackupArchives();
  readonly ha: HaState;
  readonly firewall: FirewallState;
  readonly backupJobs: readonly BackupJob[];
  readonly clusterOptions: Readonly<Record<string, unknown>>;
  readonly appliances: readonly ApplianceTemplate[];
  readonly #disks: ReadonlyMap<string, readonly PhysicalDisk[]>;
  readonly #remoteFiles: ReadonlyMap<string, RemoteFile>;
  /** Guest volumes freed through the storage API while a config still names them. */
  readonly #freed = new Set<string>();

  constructor(inventory: ClusterInventory) {
    this.#nodes = new Map(inventory.nodes.map((node) => [node.name, node]));
    for (const guest of inventory.guests) {
      if (this.#guests.has(guest.vmid)) throw new Error(`duplicate vmid ${guest.vmid} in inventory`);
      if (!this.#nodes.has(guest.node))
        throw new Error(`guest ${guest.vmid} is on unknown node '${guest.node}'`);
      this.#guests.set(guest.vmid, guest);
    }
    this.#storages = inventory.storages;
    this.clusterName = inventory.clusterName ?? DEFAULT_CLUSTER_NAME;
    this.scenarioAccess = inventory.access ?? {};
    this.#networks = new Map(Object.entries(inventory.networks ?? {}));
    this.ha = new HaState(inventory.ha, Date.now());
    this.firewall = new FirewallState(inventory.firewall);
    this.backupJobs = inventory.backupJobs ?? [];
    this.clusterOptions = inventory.clusterOptions ?? {};
    this.appliances = inventory.appliances ?? [];
    this.#disks = new Map(Object.entries(inventory.disks ?? {}));
    this.#remoteFiles = new Map((inventory.remoteFiles ?? []).map((file) => [file.url, file]));
    for (const volume of inventory.volumes ?? []) this.addVolume(volume);
    for (const pool of inventory.pools ?? []) {
      this.#pools.set(pool.poolid, {
        poolid: pool.poolid,
        ...(pool.comment !== undefined && { comment: pool.comment }),
        vms: new Set(pool.vms ?? []),
        storage: new Set(pool.storage ?? []),
      });
    }
  }

  nodes(): readonly ClusterNode[] {
    return [...this.#nodes.values()];
  }

  node(name: string): ClusterNode | undefined {
    return this.#nodes.get(name);
  }

  guests(): readonly Guest[] {
    return [...this.#guests.values()];
  }

  guest(vmid: number): Guest | undefined {
    return this.#guests.get(vmid);
  }

  /** The guest as PVE's `load_config` on `node` finds it: same node and same type, or nothing. */
  guestOn(node: string, type: GuestType, vmid: number): Guest | undefined {
    const guest = this.#guests.get(vmid);
    return guest?.node === node && guest.type === type ? guest : undefined;
  }

  guestsOn(node: string, type: GuestType): readonly Guest[] {
    return this.guests().filter((guest) => guest.node === node && guest.type === type);
  }

  /** A new guest (create, clone, restore); its vmid must be free cluster-wide, as PVE's vmlist demands. */
  addGuest(guest: Guest): void {
    if (this.#guests.has(guest.vmid)) throw new Error(`duplicate vmid ${guest.vmid}`);
    if (!this.#nodes.has(guest.node))
      throw new Error(`guest ${guest.vmid} is on unknown node '${guest.node}'`);
    this.#guests.set(guest.vmid, guest);
  }

  /** Removes a destroyed guest (its config file is gone); true if it existed. */
  removeGuest(vmid: number): boolean {
    return this.#guests.delete(vmid);
  }

  storages(): readonly NodeStorage[] {
    return this.#storages;
  }

  tasks(): readonly SimTask[] {
    return [...this.#tasks.values()];
  }

  task(upid: string): SimTask | undefined {
    return this.#tasks.get(upid);
  }

  addTask(task: SimTask): void {
    this.#tasks.set(task.upid, task);
  }

  /** What handlers logged cluster-wide themselves, oldest first. */
  clusterLog(): readonly ClusterLogMessage[] {
    return this.#clusterLog;
  }

  /** Logs `msg` cluster-wide now, on behalf of `user`, from the node that handled the call. */
  logCluster(node: string, user: string, msg: string): void {
    this.#clusterLog.push({ time: Math.floor(Date.now() / 1000), node, user, msg });
  }

  /**
   * Storage volumes other than guest disks (ISO images, templates, backups) that
   * `node` sees on `storage`: its own for a local storage, every node's for a shared one.
   */
  volumes(node: string, storage: string): readonly StorageVolume[] {
    const shared = this.#storages.some((entry) => entry.storage === storage && entry.shared);
    return [...this.#volumes.values()].filter(
      (volume) => volume.storage === storage && (shared || volume.node === node),
    );
  }

  /** A volume `node` can see by its volid (`local:backup/vzdump-qemu-100-….vma.zst`). */
  volume(node: string, volid: string): StorageVolume | undefined {
    const storage = volid.split(':', 1)[0] ?? '';
    return this.volumes(node, storage).find((volume) => volume.volid === volid);
  }

  /** Adds or replaces a volume, e.g. the archive a backup task wrote. */
  addVolume(volume: StorageVolume): void {
    this.#volumes.set(volumeKey(volume.node, volume.volid), volume);
  }

  removeVolume(node: string, volid: string): boolean {
    const volume = this.volume(node, volid);
    return volume !== undefined && this.#volumes.delete(volumeKey(volume.node, volume.volid));
  }

  pools(): readonly ResourcePool[] {
    return [...this.#pools.values()].sort((a, b) => (a.poolid < b.poolid ? -1 : a.poolid > b.poolid ? 1 : 0));
  }

  pool(poolid: string): ResourcePool | undefined {
    return this.#pools.get(poolid);
  }

  /** The pool a guest belongs to; PVE allows at most one. */
  poolOf(vmid: number): ResourcePool | undefined {
    for (const pool of this.#pools.values()) if (pool.vms.has(vmid)) return pool;
    return undefined;
  }

  /** Adds a guest to a pool (create/clone/restore with `pool`), leaving any other pool. */
  addGuestToPool(poolid: string, vmid: number): void {
    const pool = this.#pools.get(poolid);
    if (!pool) throw new Error(`pool '${poolid}' does not exist`);
    this.removeGuestFromPools(vmid);
    pool.vms.add(vmid);
  }

  /** PVE removes a destroyed guest from its pool (remove_vm_from_pool). */
  removeGuestFromPools(vmid: number): void {
    for (const pool of this.#pools.values()) pool.vms.delete(vmid);
  }

  networkInterfaces(node: string): readonly NetworkInterface[] {
    return this.#networks.get(node) ?? [];
  }

  disks(node: string): readonly PhysicalDisk[] {
    return this.#disks.get(node) ?? [];
  }

  /** What `url` serves, if anything. */
  remoteFile(url: string): RemoteFile | undefined {
    return this.#remoteFiles.get(url);
  }

  /** Whether a server answers at `hostname` (one that serves any of the scenario's files). */
  servesHost(hostname: string): boolean {
    return [...this.#remoteFiles.keys()].some((url) => new URL(url).hostname === hostname);
  }

  /**
   * Frees a guest volume the way `vdisk_free` does: PVE removes it even while a config
   * still names it, so the config keeps a dangling entry and the storage no longer lists it.
   */
  freeGuestVolume(volid: string): void {
    this.#freed.add(volid);
  }

  isFreed(volid: string): boolean {
    return this.#freed.has(volid);
  }

  /** A new volume took a freed one's name. */
  reallocated(volid: string): void {
    this.#freed.delete(volid);
  }
}

function volumeKey(node: string, volid: string): string {
  return `${node}\u0000${volid}`;
}

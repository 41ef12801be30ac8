/** The request state of an HA resource (resources.cfg `state`). */
export type HaRequestState = 'started' | 'stopped' | 'enabled' | 'disabled' | 'ignored';

/** One entry of `/etc/pve/ha/resources.cfg`: a guest the HA stack keeps running. */
export interface HaResource {
  /** `vm:100` or `ct:200`. */
  readonly sid: string;
  readonly type: 'vm' | 'ct';
  state: HaRequestState;
  /** The other resources.cfg keys (`max_restart`, `max_relocate`, `failback`, `comment`), as written. */
  options: Record<string, string>;
}

/**
 * The cluster's HA stack as pve-ha-manager keeps it: the resources, and whether a CRM
 * master has ever run (a cluster where nobody configured HA has no manager status at all).
 */
export class HaState {
  readonly #resources = new Map<string, HaResource>();
  #masterSince: number | undefined;

  /** `resources` undefined: HA was never configured on this cluster. */
  constructor(resources: readonly HaResource[] | undefined, nowMs: number) {
    if (resources === undefined) return;
    this.#masterSince = nowMs;
    for (const resource of resources) this.#resources.set(resource.sid, { ...resource });
  }

  /** Whether a CRM master runs: the first resource ever added starts the HA stack. */
  get active(): boolean {
    return this.#masterSince !== undefined;
  }

  resources(): HaResource[] {
    return [...this.#resources.values()].sort((a, b) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0));
  }

  resource(sid: string): HaResource | undefined {
    return this.#resources.get(sid);
  }

  add(resource: HaResource, nowMs: number): void {
    this.#resources.set(resource.sid, resource);
    this.#masterSince ??= nowMs;
  }

  remove(sid: string): boolean {
    return this.#resources.delete(sid);
  }
}

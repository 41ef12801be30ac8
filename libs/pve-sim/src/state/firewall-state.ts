/**
 * One firewall rule as `/etc/pve/firewall/*.fw` holds it and the API lists it: `type`
 * (in, out, forward, group), `action`, and optional `macro`, `proto`, `dport`, `sport`,
 * `source`, `dest`, `iface`, `log`, `icmp-type`, `comment`, `enable`, all as text.
 */
export type FirewallRule = Record<string, string>;

/** The `[OPTIONS]` and `[RULES]` sections of one firewall config file. */
export interface FirewallConfig {
  options: Record<string, string>;
  rules: FirewallRule[];
}

/** What a scenario brings: `cluster.fw`, `<node>/host.fw` and `<vmid>.fw`. */
export interface FirewallInventory {
  readonly cluster: FirewallConfig;
  readonly nodes?: Readonly<Record<string, FirewallConfig>>;
  readonly guests?: Readonly<Record<number, FirewallConfig>>;
}

const empty = (): FirewallConfig => ({ options: {}, rules: [] });

/**
 * The cluster's firewall configuration. A file that does not exist reads as empty, as
 * pve-firewall's loaders do, so a cluster nobody configured has the firewall disabled
 * (`enable` defaults to 0 at the cluster level) and no rules anywhere.
 */
export class FirewallState {
  readonly cluster: FirewallConfig;
  readonly #nodes = new Map<string, FirewallConfig>();
  readonly #guests = new Map<number, FirewallConfig>();

  constructor(inventory: FirewallInventory | undefined) {
    this.cluster = copy(inventory?.cluster ?? empty());
    for (const [node, config] of Object.entries(inventory?.nodes ?? {})) this.#nodes.set(node, copy(config));
    for (const [vmid, config] of Object.entries(inventory?.guests ?? {}))
      this.#guests.set(Number(vmid), copy(config));
  }

  /** `cluster.fw`'s `enable`: rules anywhere take effect only when it is on. */
  get enabled(): boolean {
    return this.cluster.options['enable'] === '1';
  }

  node(name: string): FirewallConfig {
    return this.#at(this.#nodes, name);
  }

  guest(vmid: number): FirewallConfig {
    return this.#at(this.#guests, vmid);
  }

  /** PVE::Firewall::remove_vmfw_conf: a destroyed guest's rules go with it. */
  removeGuest(vmid: number): void {
    this.#guests.delete(vmid);
  }

  #at<K>(map: Map<K, FirewallConfig>, key: K): FirewallConfig {
    let config = map.get(key);
    if (!config) {
      config = empty();
      map.set(key, config);
    }
    return config;
  }
}

function copy(config: FirewallConfig): FirewallConfig {
  return { options: { ...config.options }, rules: config.rules.map((rule) => ({ ...rule })) };
}

import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import {
  Subjects,
  type FirewallRule,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import type { PveFirewallOptions, PveFirewallRule, PveFirewallScope } from '@proxmox-mpc/pve-client';
import { GuestLocator } from '../inventory/guest-locator';
import type { ProxmoxTarget } from '../targets/proxmox-target';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

export type GetFirewall = QueryRequestOf<typeof Subjects.proxmoxFirewallGet> & { target?: string };
export type FirewallReply = QueryResponseOf<typeof Subjects.proxmoxFirewallGet>;

function ruleOf(rule: PveFirewallRule): FirewallRule {
  const optional = ['macro', 'proto', 'dport', 'sport', 'source', 'dest', 'iface', 'log', 'comment'] as const;
  const fields = Object.fromEntries(
    optional.flatMap((key) => (rule[key] === undefined ? [] : [[key, String(rule[key])]])),
  );
  return { pos: rule.pos, type: rule.type, action: rule.action, enabled: rule.enable === 1, ...fields };
}

/** The options as text, without the digest. */
function optionsOf(options: PveFirewallOptions): Record<string, string> {
  return Object.fromEntries(
    Object.entries(options).flatMap(([key, value]) =>
      key === 'digest' || value === undefined ? [] : [[key, String(value)]],
    ),
  );
}

/**
 * Firewall options and rules of the cluster, a node or a guest, with whether they apply:
 * nothing does while the cluster firewall is off. A node's firewall is on unless turned
 * off; a guest's is off unless turned on (pve-firewall's defaults).
 */
@Injectable()
export class GetFirewallUseCase {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly locator: GuestLocator,
  ) {}

  execute(request: GetFirewall): Promise<FirewallReply> {
    return liveRead(this.targets, request.target, async (target) => {
      const { scope, where } = await this.scopeOf(target, request);
      const [cluster, options, rules] = await Promise.all([
        target.client.firewallOptions({ kind: 'cluster' }),
        target.client.firewallOptions(scope),
        target.client.firewallRules(scope),
      ]);
      const clusterEnabled = Number(cluster['enable'] ?? 0) === 1;
      const ownDefault = scope.kind === 'node' ? 1 : 0;
      return {
        target: target.name,
        scope: request.scope,
        ...where,
        clusterEnabled,
        enabled: scope.kind === 'cluster' ? clusterEnabled : Number(options['enable'] ?? ownDefault) === 1,
        options: optionsOf(options),
        rules: rules.map(ruleOf),
        digest: rules[0]?.digest ?? '',
      };
    });
  }

  private async scopeOf(
    target: ProxmoxTarget,
    request: GetFirewall,
  ): Promise<{ scope: PveFirewallScope; where: { node?: string; vmid?: number } }> {
    if (request.scope === 'cluster') return { scope: { kind: 'cluster' }, where: {} };
    if (request.scope === 'node') {
      if (!request.node)
        throw new HandlerError('INVALID_MESSAGE', 'node: give the node whose firewall to read', false);
      return { scope: { kind: 'node', node: request.node }, where: { node: request.node } };
    }
    if (request.vmid === undefined)
      throw new HandlerError('INVALID_MESSAGE', 'vmid: give the guest whose firewall to read', false);
    const guest = await this.locator.locate(target, request.vmid, request.node, request.type);
    return {
      scope: { kind: 'guest', node: guest.node, type: guest.type, vmid: guest.vmid },
      where: { node: guest.node, vmid: guest.vmid },
    };
  }
}

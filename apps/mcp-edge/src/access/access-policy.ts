import { matchesGuestSelector, matchesNodeSelector, type SelectableGuest } from '@proxmox-mpc/contracts';
import { HandlerError } from '@proxmox-mpc/bus';

/** What a token may do: `read` < `plan` < `apply` (each includes the ones before); `admin` includes all. */
export const SCOPES = ['read', 'plan', 'apply', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const RANK: Record<Scope, number> = { read: 0, plan: 1, apply: 2, admin: 3 };

export interface AccessGrant {
  /** The caller's name, as it appears in envelopes (`token:<name>` or `stdio:<user>`). */
  actorId: string;
  scopes: readonly Scope[];
  /** Node selectors (`pve1`, `pve*`); empty means every node. */
  nodes: readonly string[];
  /** Guest selectors (`100`, `web-*`, `pve1/db-*`); empty means every guest. */
  guests: readonly string[];
  /** Tool names the caller may see and call; empty means every tool its scopes allow. */
  tools: readonly string[];
  /** Tool calls per minute, overriding the server's default for this caller. */
  rateLimitPerMinute?: number;
  /**
   * Commands the caller may run in guests (exec_in_guest), each a command prefix: `uptime`
   * allows `uptime` with any arguments, `systemctl status` only that subcommand. Absent or
   * empty, no command may run: unlike the other lists, this one grants, it does not limit.
   */
  exec?: readonly string[];
}

/** The checks every tool applies to its caller; refusals name the caller and what was refused. */
export class AccessPolicy {
  constructor(readonly grant: AccessGrant) {}

  get actorId(): string {
    return this.grant.actorId;
  }

  allows(scope: Scope): boolean {
    return this.grant.scopes.some((granted) => RANK[granted] >= RANK[scope]);
  }

  /** Whether the caller may see and call `tool`: its scope, and the caller's tool allow-list. */
  allowsTool(tool: { name: string; scope: Scope }): boolean {
    return this.allows(tool.scope) && (this.grant.tools.length === 0 || this.grant.tools.includes(tool.name));
  }

  /** Why the caller may not call `tool`, or undefined when it may. */
  refusalFor(tool: { name: string; scope: Scope }): string | undefined {
    if (!this.allows(tool.scope))
      return `${this.actorId} lacks the ${tool.scope} scope that ${tool.name} needs`;
    if (!this.allowsTool(tool)) return `${tool.name} is not in the tool allow-list of ${this.actorId}`;
    return undefined;
  }

  /** Whether the token reaches every node and guest (an IaC apply can touch any of them). */
  get unrestricted(): boolean {
    return this.grant.nodes.length === 0 && this.grant.guests.length === 0;
  }

  allowsNode(node: string): boolean {
    return (
      this.grant.nodes.length === 0 ||
      this.grant.nodes.some((selector) => matchesNodeSelector(node, selector))
    );
  }

  allowsGuest(guest: SelectableGuest): boolean {
    return (
      this.allowsNode(guest.node) &&
      (this.grant.guests.length === 0 ||
        this.grant.guests.some((selector) => matchesGuestSelector(guest, selector)))
    );
  }

  assertNode(node: string): void {
    if (!this.allowsNode(node)) {
      throw new HandlerError('FORBIDDEN', `${this.actorId} may not act on node ${node}`, false);
    }
  }

  /** Whether an allow-list entry's words begin `command` (program, then arguments). */
  allowsExec(command: readonly string[]): boolean {
    return (this.grant.exec ?? []).some((entry) => {
      const words = entry.split(' ');
      return words.length <= command.length && words.every((word, index) => command[index] === word);
    });
  }

  assertExec(command: readonly string[]): void {
    if (this.allowsExec(command)) return;
    const reason = this.grant.exec?.length
      ? `it is not on the exec allow-list (${this.grant.exec.join('; ')})`
      : 'the token has no exec allow-list';
    throw new HandlerError(
      'FORBIDDEN',
      `${this.actorId} may not run "${command.join(' ')}" in guests: ${reason}`,
      false,
    );
  }

  assertGuest(guest: SelectableGuest): void {
    if (!this.allowsGuest(guest)) {
      throw new HandlerError(
        'FORBIDDEN',
        `${this.actorId} may not act on guest ${guest.vmid} (${guest.node}/${guest.name})`,
        false,
      );
    }
  }
}

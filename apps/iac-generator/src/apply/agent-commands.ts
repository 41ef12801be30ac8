import type { ErrorCode, Origin } from '@proxmox-mpc/contracts';
import type { ApplyStep } from '@proxmox-mpc/iac';

/** How one command ended: carried out, or not, in the agent's (or Proxmox's) words. */
export type CommandOutcome = { completed: true } | { completed: false; code?: ErrorCode; message?: string };

/** proxmox-agent as an apply drives it: one command at a time, each followed to its end. */
export abstract class AgentCommands {
  abstract run(command: ApplyStep['command'], origin: Origin): Promise<CommandOutcome>;
}

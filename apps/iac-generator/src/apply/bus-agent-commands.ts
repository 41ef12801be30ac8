import { Injectable } from '@nestjs/common';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type ErrorCode, type Origin } from '@proxmox-mpc/contracts';
import type { ApplyStep } from '@proxmox-mpc/iac';
import { AgentCommands, type CommandOutcome } from './agent-commands';

// One guest operation (a clone and its start, a destroy) may take minutes on a real cluster.
const STEP_TIMEOUT_MS = 15 * 60_000;

/** Agent commands over the bus, each awaited until its outcome event. */
@Injectable()
export class BusAgentCommands extends AgentCommands {
  constructor(private readonly bus: MessageBus) {
    super();
  }

  async run(command: ApplyStep['command'], origin: Origin): Promise<CommandOutcome> {
    const outcome = await this.bus.execute(command.subject, command.data as never, origin, {
      timeoutMs: STEP_TIMEOUT_MS,
    });
    if (outcome.subject === Subjects.proxmoxOperationCompleted) return { completed: true };
    // proxmox.operation.failed or the transport's bus.message.failed: both say why.
    const detail = outcome.envelope.data as { code?: ErrorCode; message?: string };
    return { completed: false, ...detail };
  }
}

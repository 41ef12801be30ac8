import { Injectable } from '@nestjs/common';
import { emit, HandlerError, type Emit } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type GuestPowerRequested, type GuestType } from '@proxmox-mpc/contracts';
import { PveApiError } from '@proxmox-mpc/pve-client';
import { GuestInventory } from '../guests/guest-inventory';
import { ProxmoxTarget } from '../proxmox/proxmox-target';
import { platformCodeFor, toHandlerError } from '../proxmox/pve-errors';

type PowerOutcome =
  Emit<typeof Subjects.proxmoxGuestPowerCompleted> | Emit<typeof Subjects.proxmoxGuestPowerFailed>;

/**
 * Starts, stops or shuts down a guest and follows the Proxmox task to its end. Proxmox's
 * verdict (including its own error text) becomes the completed or failed event. Only
 * failures that happen before Proxmox could have acted are retried: repeating a power
 * request whose fate is unknown could act twice.
 */
@Injectable()
export class PowerGuestUseCase {
  constructor(
    private readonly target: ProxmoxTarget,
    private readonly inventory: GuestInventory,
  ) {}

  async execute(command: Envelope<GuestPowerRequested>): Promise<PowerOutcome> {
    const { vmid, action } = command.data;
    const failed = (
      code: PveApiError['code'] | 'NOT_FOUND',
      message: string,
      extra: object = {},
    ): PowerOutcome =>
      emit(Subjects.proxmoxGuestPowerFailed, {
        vmid,
        action,
        code: platformCodeFor(code),
        message,
        ...extra,
      });

    if (!this.target.accepts(command.target)) {
      return failed('NOT_FOUND', `target "${command.target}" is not managed by this agent`);
    }
    const started = Date.now();
    const location = await this.locate(command.data);
    if (!location) return failed('NOT_FOUND', `guest ${vmid} does not exist on target "${this.target.name}"`);
    const { node, type } = location;

    let upid: string;
    try {
      upid = await this.target.client.powerGuest(node, type, vmid, action);
    } catch (error) {
      if (error instanceof PveApiError && error.code === 'UNREACHABLE') throw toHandlerError(error);
      if (error instanceof PveApiError) return failed(error.code, error.message, { node, type });
      throw error;
    }

    try {
      const task = await this.target.client.waitForTask(node, upid, { timeoutMs: this.target.taskTimeoutMs });
      if (task.exitstatus !== 'OK') {
        return emit(Subjects.proxmoxGuestPowerFailed, {
          vmid,
          action,
          node,
          type,
          upid,
          code: 'TASK_FAILED',
          message: task.exitstatus ?? 'task ended without an exit status',
        });
      }
      const status = await this.target.client.guestStatus(node, type, vmid);
      return emit(Subjects.proxmoxGuestPowerCompleted, {
        vmid,
        node,
        type,
        action,
        upid,
        status: status.status === 'running' || status.status === 'stopped' ? status.status : 'unknown',
        durationMs: Date.now() - started,
      });
    } catch (error) {
      if (!(error instanceof PveApiError)) throw error;
      return failed(error.code, `task ${upid} was started but could not be followed: ${error.message}`, {
        node,
        type,
        upid,
      });
    }
  }

  private async locate(request: GuestPowerRequested): Promise<{ node: string; type: GuestType } | undefined> {
    if (request.node && request.type) return { node: request.node, type: request.type };
    try {
      const guest = await this.inventory.find(request.vmid);
      if (!guest || (request.node !== undefined && guest.node !== request.node)) return undefined;
      return { node: guest.node, type: guest.type };
    } catch (error) {
      // Nothing was changed yet, so a failed lookup is safe to retry.
      const failure = toHandlerError(error);
      throw failure instanceof HandlerError ? new HandlerError(failure.code, failure.message, true) : failure;
    }
  }
}

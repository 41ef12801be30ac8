import { HandlerError } from '@proxmox-mpc/bus';
import type { Envelope } from '@proxmox-mpc/contracts';

/**
 * The operator behind an administrative command on the bus (the console's): its actor id.
 * Who may publish these subjects at all is the NATS permissions' business (only the
 * services' and the console's users may); an actor of another kind is refused here too.
 */
export function operatorOfCommand(command: Envelope, what: string): string {
  if (command.actor.kind !== 'operator') {
    throw new HandlerError(
      'FORBIDDEN',
      `only an operator may ${what}; ${command.actor.kind} ${command.actor.id} may not`,
      false,
    );
  }
  return command.actor.id;
}

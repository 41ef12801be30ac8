import { Subjects, type Guest, type TargetSummary } from '@proxmox-mpc/contracts';
import { CommandFailed } from '../cli/errors';
import { didYouMean } from '../cli/suggest';
import type { CommandContext } from '../commands/command';

/** The clusters the platform manages. */
export async function listTargets(context: CommandContext): Promise<TargetSummary[]> {
  const bus = await context.platform.bus();
  return (await bus.query(Subjects.proxmoxTargetsList, {}, context.origin())).targets;
}

/**
 * The clusters a command acts on: the one named (checked, with the candidates when it is
 * not one of them), or every one.
 */
export async function targetsToUse(context: CommandContext, named: string | undefined): Promise<string[]> {
  const names = (await listTargets(context)).map((target) => target.name);
  if (names.length === 0) {
    throw new CommandFailed('no Proxmox VE cluster is connected yet; connect one with /init');
  }
  if (named === undefined) return names;
  if (!names.includes(named)) {
    throw new CommandFailed(
      `no cluster "${named}" (managed: ${names.join(', ')})${didYouMean(named, names)}`,
    );
  }
  return [named];
}

/** A guest and its cluster. */
export interface FoundGuest {
  target: string;
  guest: Guest;
}

/**
 * The one guest `text` names (a name or a VMID) on the named cluster or any. None: the
 * nearest names are offered; several (one name on two clusters): they are listed.
 */
export async function findGuest(context: CommandContext, text: string, target?: string): Promise<FoundGuest> {
  const bus = await context.platform.bus();
  const everywhere: FoundGuest[] = [];
  for (const name of await targetsToUse(context, target)) {
    const { guests } = await bus.query(Subjects.proxmoxGuestsList, {}, context.origin(name));
    everywhere.push(...guests.map((guest) => ({ target: name, guest })));
  }
  const matches = everywhere.filter(({ guest }) => guest.name === text || String(guest.vmid) === text);
  if (matches.length === 1) return matches[0] as FoundGuest;
  if (matches.length > 1) {
    const listed = matches.map(({ target: cluster, guest }) => `${guest.vmid} (${guest.name}) on ${cluster}`);
    throw new CommandFailed(
      `"${text}" names several guests: ${listed.join(', ')}; add --target or use the VMID`,
    );
  }
  throw new CommandFailed(
    `no guest "${text}"${target ? ` on ${target}` : ''}${didYouMean(
      text,
      everywhere.map(({ guest }) => guest.name),
    )}`,
  );
}

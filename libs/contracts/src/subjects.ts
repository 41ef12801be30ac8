import { registeredContracts } from './registry';

/** `cmd.proxmox.guest.power` → `proxmoxGuestPower`: the kind prefix dropped, the rest camel-cased. */
type SubjectName<S extends string> = S extends `${'cmd' | 'evt' | 'qry'}.${infer Rest}`
  ? CamelCase<Rest>
  : never;
type CamelCase<S extends string> = S extends `${infer Head}.${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

function subjectName(subject: string): string {
  const [, ...words] = subject.split('.');
  return words
    .map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}

/**
 * Every NATS subject the platform uses, by name, derived from the registered contracts
 * (each contract holds its own subject), so adding a message never means editing this file.
 *
 * - `cmd.*` ask a service to change something; they are stored in the CMD stream and
 *   executed once by the owning service.
 * - `evt.*` announce what happened; they are stored in the EVT stream for any consumer.
 * - `qry.*` are read-only request/reply and are never stored.
 */
export const Subjects = Object.fromEntries(
  registeredContracts.map((contract) => [subjectName(contract.subject), contract.subject]),
) as { readonly [C in (typeof registeredContracts)[number] as SubjectName<C['subject']>]: C['subject'] };

export const SubjectPrefixes = {
  command: 'cmd.',
  event: 'evt.',
  query: 'qry.',
} as const;

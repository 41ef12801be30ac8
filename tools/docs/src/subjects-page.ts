import type { AnyContract } from '@proxmox-mpc/contracts';
import type { z } from 'zod';
import { code, generatedPage, table } from './markdown';
import { schemaFields } from './schema-fields';
import { githubSlug } from './slug';

function fieldsTable(schema: z.ZodType): string {
  const fields = schemaFields(schema);
  if (fields.length === 0) return 'No fields.';
  return table(
    ['field', 'type', 'required'],
    fields.map((field) => [code(field.name), field.type, field.required ? 'yes' : 'no']),
  );
}

function link(subject: string): string {
  return `[${code(subject)}](#${githubSlug(subject)})`;
}

function section(contract: AnyContract, handledBy: readonly string[]): string {
  const handled = handledBy.length ? `; handled by ${handledBy.join(', ')}` : '';
  const head = `### ${contract.subject}\n\n${contract.kind}, type ${code(contract.type)}${handled}.`;
  if (contract.kind === 'query')
    return [
      head,
      '**Request**',
      fieldsTable(contract.request),
      '**Response**',
      fieldsTable(contract.response),
    ].join('\n\n');
  if (contract.kind === 'command') {
    const progress = contract.progress ? `; progress on ${link(contract.progress)}` : '';
    return [
      head,
      `Ends with ${contract.outcomes.map(link).join(' or ')}${progress}.`,
      fieldsTable(contract.data),
    ].join('\n\n');
  }
  return [head, fieldsTable(contract.data)].join('\n\n');
}

/**
 * The service that sends an event, where the contracts say: the handler of a command that
 * ends with (or reports progress on) it.
 */
function producersOf(contracts: readonly AnyContract[], handlers: ReadonlyMap<string, readonly string[]>) {
  const producers = new Map<string, Set<string>>();
  for (const contract of contracts) {
    if (contract.kind !== 'command') continue;
    for (const event of [...contract.outcomes, ...(contract.progress ? [contract.progress] : [])]) {
      const services = producers.get(event) ?? new Set<string>();
      for (const service of handlers.get(contract.subject) ?? []) services.add(service);
      producers.set(event, services);
    }
  }
  return producers;
}

/**
 * docs/reference/subjects.md: every registered subject with its kind, envelope type, who
 * handles it and its payload fields. `handlers` maps a subject to the services whose
 * handlers consume (commands, events) or answer (queries) it.
 */
export function subjectsPage(
  contracts: readonly AnyContract[],
  handlers: ReadonlyMap<string, readonly string[]>,
): string {
  const sorted = [...contracts].sort((a, b) => a.subject.localeCompare(b.subject));
  const producers = producersOf(sorted, handlers);
  const services = (set: Iterable<string> | undefined) => [...(set ?? [])].join(', ');
  return generatedPage('Subjects', 'the contracts registry (`libs/contracts/src/messages.ts`)', [
    '`cmd.*` commands are stored in the `CMD` stream and executed once by the service that handles them; ' +
      '`evt.*` events are stored in the `EVT` stream for every consumer; `qry.*` queries are request/reply ' +
      'and never stored. The audit service records every command and event besides the handlers named here. ' +
      'How to add a message and how to change a payload: [../contracts.md](../contracts.md).',
    table(
      ['subject', 'kind', 'type', 'handled by', 'sent by'],
      sorted.map((contract) => [
        link(contract.subject),
        contract.kind,
        code(contract.type),
        services(handlers.get(contract.subject)),
        services(producers.get(contract.subject)),
      ]),
    ),
    '"Sent by" is filled in where the contracts say it: an event that ends a command, or reports its ' +
      "progress, comes from that command's handler.",
    ...sorted.map((contract) => section(contract, handlers.get(contract.subject) ?? [])),
  ]);
}

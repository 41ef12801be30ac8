import { readdirSync } from 'node:fs';
import path from 'node:path';
import { EnvelopeSchema } from './envelope';
import {
  messageContractFor,
  MessageContracts,
  QueryContracts,
  registeredContracts,
  type DataOf,
  type MessageSubject,
} from './registry';
import { SubjectPrefixes, Subjects } from './subjects';

/** `proxmox.guest.power.requested` lives in `proxmox/guest-power-requested/`. */
function folderOf(type: string): string {
  const [area, ...rest] = type.split('.');
  return `${area}/${rest.join('-')}`;
}

describe('message registry', () => {
  const messages = Object.values(MessageContracts);

  it('should file every command under cmd. and every event under evt.', () => {
    for (const contract of messages) {
      expect(contract.subject.startsWith(SubjectPrefixes[contract.kind])).toBe(true);
    }
    for (const contract of Object.values(QueryContracts))
      expect(contract.subject.startsWith(SubjectPrefixes.query)).toBe(true);
  });

  it('should give every message type one subject', () => {
    const types = messages.map((contract) => contract.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it('should give every subject one contract and one name', () => {
    const subjects = registeredContracts.map((contract) => contract.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(Object.keys(Subjects)).toHaveLength(subjects.length);
  });

  it('should register exactly the message folders, one contract each, named after its type', () => {
    const folders = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.split(path.sep).length === 3 && path.basename(file) === 'index.ts')
      .map((file) => path.dirname(file).split(path.sep).join('/'));
    expect(registeredContracts.map((contract) => folderOf(contract.type)).sort()).toEqual(folders.sort());
  });

  it("should only name registered events as a command's outcomes", () => {
    for (const contract of messages) {
      if (contract.kind !== 'command') continue;
      for (const outcome of contract.outcomes) expect(messageContractFor(outcome)?.kind).toBe('event');
    }
  });

  it('should reject data that breaks the contract, naming the field', () => {
    const result = MessageContracts[Subjects.proxmoxGuestPower].data.safeParse({
      vmid: 99,
      action: 'hibernate',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['action', 'vmid']);
  });

  it('should reject an envelope without a correlation id', () => {
    const result = EnvelopeSchema.safeParse({
      id: '6f1c8a52-1c1e-4a8e-9d62-0e6c2f4b7a10',
      type: 't',
      source: 's',
      time: new Date().toISOString(),
      actor: { kind: 'agent', id: 'a' },
      data: {},
    });
    expect(result.error?.issues[0]?.path).toEqual(['correlationId']);
  });
});

/**
 * Compile-time checks, enforced by `npm run typecheck`: a publisher typed with the
 * registry cannot send the wrong payload for a subject. Never called at run time.
 */
export function publishTypingIsEnforced(
  publish: <S extends MessageSubject>(subject: S, data: DataOf<S>) => void,
): void {
  publish(Subjects.proxmoxGuestPower, { vmid: 100, action: 'start' });
  // @ts-expect-error 'hibernate' is not a power action
  publish(Subjects.proxmoxGuestPower, { vmid: 100, action: 'hibernate' });
  const toolCalled = { tool: 't', transport: 'http', arguments: {}, outcome: 'ok', durationMs: 1 } as const;
  // @ts-expect-error the payload of another subject
  publish(Subjects.proxmoxGuestPower, toolCalled);
  // @ts-expect-error not a registered subject
  publish('cmd.proxmox.guest.explode', {});
}

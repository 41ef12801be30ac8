import { ContractViolation, Subjects } from '@proxmox-mpc/contracts';
import { buildEnvelope, decodeMessage, decodeQuery } from './envelope-codec';
import { durableName, streamForSubject } from './names';
import { MessageContracts } from '@proxmox-mpc/contracts';

const origin = { correlationId: 'c-1', actor: { kind: 'operator' as const, id: 'me' } };
const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const contract = MessageContracts[Subjects.proxmoxGuestPower];
const build = (data: unknown) =>
  buildEnvelope(Subjects.proxmoxGuestPower, contract.type, contract.data, data, origin, 'svc');

describe(buildEnvelope.name, () => {
  it('should fill in id, time and source', () => {
    const envelope = build({ vmid: 100, action: 'stop' });
    expect(envelope).toMatchObject({
      type: 'proxmox.guest.power.requested',
      source: 'svc',
      correlationId: 'c-1',
    });
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(envelope.time)).not.toBeNaN();
  });

  it('should refuse data that breaks the contract before anything is sent', () => {
    expect(() => build({ vmid: 'x', action: 'stop' })).toThrow(ContractViolation);
    expect(() => build({ vmid: 'x', action: 'stop' })).toThrow(/data\.vmid/);
  });
});

describe(decodeMessage.name, () => {
  const valid = build({ vmid: 100, action: 'start' });

  it('should accept a valid command', () => {
    expect(decodeMessage(Subjects.proxmoxGuestPower, bytes(valid))).toMatchObject({
      ok: true,
      envelope: valid,
    });
  });

  it('should name each field that is wrong, and keep what could be read', () => {
    const decoded = decodeMessage(
      Subjects.proxmoxGuestPower,
      bytes({ ...valid, data: { vmid: 100, action: 'hibernate' } }),
    );
    expect(decoded).toMatchObject({ ok: false, envelope: { id: valid.id } });
    expect(decoded.ok ? [] : decoded.issues.map((issue) => issue.path)).toEqual(['data.action']);
  });

  it('should say when the body is not JSON', () => {
    const decoded = decodeMessage(Subjects.proxmoxGuestPower, bytes('{oops'));
    expect(decoded.ok ? '' : decoded.issues[0]?.message).toMatch(/^not JSON/);
  });

  it('should say when no contract exists for the subject', () => {
    const decoded = decodeMessage('evt.nobody.knows', bytes(valid));
    expect(decoded.ok ? '' : decoded.issues[0]?.message).toBe(
      'no contract is registered for evt.nobody.knows',
    );
  });

  it('should validate queries against the request schema', () => {
    const query = { ...valid, type: 'proxmox.guests.list', data: { status: 'paused' } };
    const decoded = decodeQuery(Subjects.proxmoxGuestsList, bytes(query));
    expect(decoded.ok ? [] : decoded.issues.map((issue) => issue.path)).toEqual(['data.status']);
  });
});

describe(durableName.name, () => {
  it('should make names NATS accepts for wildcard filters', () => {
    expect(durableName('audit', 'cmd.>')).toBe('audit__cmd-all');
    expect(durableName('agent', 'evt.*.done')).toBe('agent__evt-any-done');
  });
});

describe(streamForSubject.name, () => {
  it('should place commands in CMD and events in EVT, and refuse queries', () => {
    expect(streamForSubject('cmd.x')).toBe('CMD');
    expect(streamForSubject('evt.x')).toBe('EVT');
    expect(() => streamForSubject('qry.x')).toThrow(/neither a command/);
  });
});

import { TicketIssuer } from './tickets';

describe(TicketIssuer.name, () => {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const clock = () => now;

  beforeEach(() => {
    now = Date.parse('2026-03-01T10:00:00Z');
  });

  it("should issue tickets in PVE's format", () => {
    const sut = new TicketIssuer(7_200_000, clock);

    expect(sut.assembleTicket('root@pam')).toMatch(/^PVE:root@pam:[0-9A-F]{8}::[A-Za-z0-9+/=]+$/);
  });

  it('should verify its own ticket and name the user', () => {
    const sut = new TicketIssuer(7_200_000, clock);

    expect(sut.verifyTicket(sut.assembleTicket('alice@pve'))).toBe('alice@pve');
  });

  it('should refuse a ticket whose user was changed', () => {
    const sut = new TicketIssuer(7_200_000, clock);
    const forged = sut.assembleTicket('alice@pve').replace('alice@pve', 'root@pam');

    expect(sut.verifyTicket(forged)).toBeUndefined();
  });

  it('should refuse a ticket from another simulator', () => {
    expect(new TicketIssuer().verifyTicket(new TicketIssuer().assembleTicket('root@pam'))).toBeUndefined();
  });

  it('should refuse a ticket older than its lifetime', () => {
    const sut = new TicketIssuer(60_000, clock);
    const ticket = sut.assembleTicket('root@pam');

    now += 61_000;

    expect(sut.verifyTicket(ticket)).toBeUndefined();
  });

  it('should accept a CSRF token only for the user it was made for', () => {
    const sut = new TicketIssuer(7_200_000, clock);
    const token = sut.assembleCsrfToken('alice@pve');

    expect(token).toMatch(/^[0-9A-F]{8}:[A-Za-z0-9+/]{43}$/);
    expect(sut.verifyCsrfToken('alice@pve', token)).toBe(true);
    expect(sut.verifyCsrfToken('bob@pve', token)).toBe(false);
    expect(sut.verifyCsrfToken('alice@pve', undefined)).toBe(false);
  });
});

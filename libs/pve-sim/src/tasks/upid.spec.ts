import { decodeUpid, formatUpid } from './upid';

describe('UPID', () => {
  const fields = {
    node: 'pve1',
    pid: 0x2a3f1,
    pstart: 0x151d48bc,
    starttime: 0x6720b3c4,
    type: 'qmstart',
    id: '100',
    user: 'root@pam!mpc',
  };

  it('should format like PVE::UPID::encode with upper-case, zero-padded hex', () => {
    expect(formatUpid(fields)).toBe('UPID:pve1:0002A3F1:151D48BC:6720B3C4:qmstart:100:root@pam!mpc:');
  });

  it('should decode what it formats', () => {
    expect(decodeUpid(formatUpid(fields))).toEqual(fields);
  });

  it('should reject a string that is not a UPID', () => {
    expect(decodeUpid('UPID:pve1:xyz')).toBeUndefined();
  });
});

import { parseUpid } from './parse-upid';

describe(parseUpid.name, () => {
  it('should split a UPID into its fields', () => {
    expect(parseUpid('UPID:pve1:0002A3F1:151D48BC:6720B3C4:qmstart:100:root@pam!mpc:')).toEqual({
      node: 'pve1',
      pid: 0x2a3f1,
      pstart: 0x151d48bc,
      starttime: 0x6720b3c4,
      type: 'qmstart',
      id: '100',
      user: 'root@pam!mpc',
    });
  });

  it('should accept a nine-digit pstart of a long-running node', () => {
    expect(parseUpid('UPID:pve1:0002A3F1:1151D48BC:6720B3C4:vzdump::root@pam:').pstart).toBe(0x1151d48bc);
  });

  it('should accept an empty id', () => {
    expect(parseUpid('UPID:pve1:0002A3F1:151D48BC:6720B3C4:aptupdate::root@pam:').id).toBe('');
  });

  it.each([
    ['an empty string', ''],
    ['a missing trailing colon', 'UPID:pve1:0002A3F1:151D48BC:6720B3C4:qmstart:100:root@pam'],
    ['a short pid', 'UPID:pve1:2A3F1:151D48BC:6720B3C4:qmstart:100:root@pam:'],
    ['a slash', 'UPID:pve1:0002A3F1:151D48BC:6720B3C4:qmstart:../x:root@pam:'],
  ])('should throw on %s', (_case, upid) => {
    expect(() => parseUpid(upid)).toThrow('not a Proxmox VE UPID');
  });
});

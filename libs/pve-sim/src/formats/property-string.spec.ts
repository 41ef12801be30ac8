import { formatSize, parseResizeRequest, parseSize, resizedBytes } from './disk-size';
import { LXC_MOUNTPOINT_FORMAT, QEMU_DRIVE_FORMAT, QEMU_NET_FORMAT } from './guest-property-formats';
import { formatProblem } from './named-formats';
import { parsePropertyString, printPropertyString, PropertyStringError } from './property-string';

describe(parsePropertyString.name, () => {
  it('should read the default key and key=value pairs', () => {
    expect(parsePropertyString(QEMU_DRIVE_FORMAT, 'local-lvm:vm-100-disk-0,iothread=1,size=32G')).toEqual({
      file: 'local-lvm:vm-100-disk-0',
      iothread: '1',
      size: '32G',
    });
  });

  it('should read `model=mac` as the NIC model and its MAC address', () => {
    expect(
      parsePropertyString(QEMU_NET_FORMAT, 'virtio=BC:24:11:00:00:64,bridge=vmbr0,firewall=yes'),
    ).toEqual({
      model: 'virtio',
      macaddr: 'BC:24:11:00:00:64',
      bridge: 'vmbr0',
      firewall: '1',
    });
  });

  it.each([
    ['virtio,bridge=vmbr0,bogus=1', 'invalid key in comma-separated list property: bogus\n'],
    ['virtio,e1000', 'duplicate key in comma-separated list property: model\n'],
    ['virtio,=x', 'missing key in comma-separated list property\n'],
    ['bridge=vmbr0', 'format error\nnet0.model: property is missing and it is not optional\n'],
    [
      'virtio,tag=5000,firewall=maybe',
      "format error\nnet0.firewall: type check ('boolean') failed - got 'maybe'\nnet0.tag: value must have a maximum value of 4094\n",
    ],
    [
      'virtio=01:00:00:00:00:01',
      'format error\nnet0.macaddr: invalid format - value does not look like a valid unicast MAC address\n\n',
    ],
  ])("should refuse %j with PVE's message", (text, message) => {
    expect(() => parsePropertyString(QEMU_NET_FORMAT, text, 'net0')).toThrow(
      new PropertyStringError(message),
    );
  });

  it('should want a default key for a bare value', () => {
    expect(() => parsePropertyString({ a: { type: 'string' } }, 'bare')).toThrow(
      'value without key, but schema does not define a default key',
    );
  });
});

describe(printPropertyString.name, () => {
  it('should print the default key bare, then required keys, then the rest, sorted', () => {
    expect(
      printPropertyString(
        { size: '17179869184', mp: '/data', volume: 'local-lvm:vm-200-disk-1', backup: '1' },
        LXC_MOUNTPOINT_FORMAT,
      ),
    ).toBe('local-lvm:vm-200-disk-1,mp=/data,backup=1,size=16G');
  });

  it('should print a NIC as `model=mac`', () => {
    expect(
      printPropertyString(
        { bridge: 'vmbr0', macaddr: 'BC:24:11:00:00:64', model: 'virtio' },
        QEMU_NET_FORMAT,
      ),
    ).toBe('virtio=BC:24:11:00:00:64,bridge=vmbr0');
  });

  it('should round-trip what it parses', () => {
    const text = 'virtio=BC:24:11:00:00:64,bridge=vmbr0,firewall=1,tag=20';

    expect(printPropertyString(parsePropertyString(QEMU_NET_FORMAT, text), QEMU_NET_FORMAT)).toBe(text);
  });
});

describe('disk sizes', () => {
  it.each([
    ['32G', 32 * 1024 ** 3],
    ['512M', 512 * 1024 ** 2],
    ['1.5T', 1.5 * 1024 ** 4],
    ['4096', 4096],
    ['2GiB', 2 * 1024 ** 3],
  ])('should parse %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each([
    [32 * 1024 ** 3, '32G'],
    [1024 ** 4, '1T'],
    [1536 * 1024 ** 2, '1536M'],
    [1000, '1000'],
  ])('should format %d as %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('should read relative and absolute resize requests', () => {
    expect(parseResizeRequest('+10G')).toEqual({ relative: true, bytes: 10 * 1024 ** 3 });
    expect(resizedBytes(32 * 1024 ** 3, { relative: true, bytes: 1024 ** 3 })).toBe(33 * 1024 ** 3);
    expect(parseResizeRequest('-1G')).toBeUndefined();
  });
});

describe(formatProblem.name, () => {
  it.each([
    ['pve-storage-id', 'x', "storage ID 'x' cannot be shorter than 2 characters\n"],
    ['pve-configid', '1st', "invalid configuration ID '1st'\n"],
    ['pve-tag-list', 'ok;b@d', 'invalid characters in tag\n'],
    ['urlencoded', 'a b', 'invalid urlencoded string: a b\n'],
    [
      'pve-qm-ipconfig',
      'ip=10.0.0.5',
      'format error\nipconfig0.ip: invalid format - value does not look like a valid ipv4 network configuration\n\n',
    ],
    ['pve-vmid-list', '100,99', 'value does not look like a valid VM ID\n'],
  ] as const)('should check %s %j', (format, value, message) => {
    expect(formatProblem(format, value, 'ipconfig0')).toBe(message);
  });

  it('should accept valid values', () => {
    expect(formatProblem('pve-qm-ipconfig', 'ip=10.0.0.5/24,gw=10.0.0.1', 'ipconfig0')).toBeUndefined();
    expect(formatProblem('pve-tag-list', 'prod;web', 'tags')).toBeUndefined();
  });
});

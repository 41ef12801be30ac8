import {
  SIM_IPCONFIG_FORMAT,
  SIM_LXC_NET_FORMAT,
  SIM_QEMU_DRIVE_FORMAT,
  SIM_QEMU_NET_FORMAT,
  simFormatSize,
  simParsePropertyString,
  simParseSize,
  simPrintPropertyString,
} from '../__tests__/simulator';
import { formatDiskSize, parseDiskSize, resizeSize } from './disk-sizes';
import {
  type QemuNet,
  decodeSshKeys,
  encodeSshKeys,
  formatDrive,
  formatIpConfig,
  formatLxcNet,
  formatPropertyString,
  formatQemuNet,
  parseDrive,
  parseIpConfig,
  parsePropertyString,
  parseQemuNet,
} from './property-strings';

// The client's helpers and the simulator's property-string code are written apart; each
// test below holds one against the other, so a bug would have to be made twice to pass.

describe(formatPropertyString.name, () => {
  it('should put the default key first, bare, and the rest sorted', () => {
    expect(
      formatPropertyString({ size: '32G', iothread: true, file: 'local-lvm:vm-100-disk-0' }, 'file'),
    ).toBe('local-lvm:vm-100-disk-0,iothread=1,size=32G');
  });

  it('should leave undefined values out', () => {
    expect(formatPropertyString({ ip: 'dhcp', gw: undefined })).toBe('ip=dhcp');
  });

  it('should refuse a value that would break the string', () => {
    expect(() => formatPropertyString({ bridge: 'vmbr0,firewall=0' })).toThrow(TypeError);
    expect(() => formatPropertyString({ name: 'eth0\nlock: backup' })).toThrow(TypeError);
  });
});

describe(parsePropertyString.name, () => {
  it('should read key=value pairs and a bare default key', () => {
    expect(parsePropertyString('local-lvm:vm-100-disk-0,size=32G', 'file')).toEqual({
      file: 'local-lvm:vm-100-disk-0',
      size: '32G',
    });
  });

  it('should refuse a key given twice, as PVE does', () => {
    expect(() => parsePropertyString('ip=dhcp,ip=manual')).toThrow("'ip' is given twice");
  });
});

describe('QEMU NICs', () => {
  const nets: QemuNet[] = [
    { model: 'virtio', bridge: 'vmbr0', firewall: true },
    { model: 'virtio', macaddr: 'BC:24:11:00:00:64', bridge: 'vmbr0', tag: 20 },
    { model: 'e1000', macaddr: 'BC:24:11:AB:CD:EF', bridge: 'vmbr1', link_down: true, rate: 12.5 },
  ];

  it.each(nets)('should build %j as the simulator reads it', (net) => {
    const parsed = simParsePropertyString(SIM_QEMU_NET_FORMAT, formatQemuNet(net));

    expect(parseQemuNet(simPrintPropertyString(parsed, SIM_QEMU_NET_FORMAT))).toEqual(net);
  });

  it('should print what PVE prints', () => {
    const net = { model: 'virtio', macaddr: 'BC:24:11:00:00:64', bridge: 'vmbr0', firewall: true };
    const sim = simPrintPropertyString(
      { model: 'virtio', macaddr: 'BC:24:11:00:00:64', bridge: 'vmbr0', firewall: '1' },
      SIM_QEMU_NET_FORMAT,
    );

    expect(formatQemuNet(net)).toBe(sim);
  });

  it('should read the `model=` form too', () => {
    expect(parseQemuNet('model=virtio,bridge=vmbr0')).toEqual({ model: 'virtio', bridge: 'vmbr0' });
  });

  it('should refuse an unknown model', () => {
    expect(() => formatQemuNet({ model: 'ne2000' })).toThrow('unknown NIC model');
  });
});

describe('container NICs, cloud-init addresses, drives', () => {
  it('should build a container NIC the simulator accepts', () => {
    const text = formatLxcNet({ name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.9/24', gw: '10.0.0.1' });

    expect(simParsePropertyString(SIM_LXC_NET_FORMAT, text)).toEqual({
      name: 'eth0',
      bridge: 'vmbr0',
      ip: '10.0.0.9/24',
      gw: '10.0.0.1',
    });
  });

  it('should round-trip cloud-init addresses through the simulator', () => {
    const config = { ip: '10.0.0.5/24', gw: '10.0.0.1', ip6: 'auto' };

    const printed = simPrintPropertyString(
      simParsePropertyString(SIM_IPCONFIG_FORMAT, formatIpConfig(config)),
      SIM_IPCONFIG_FORMAT,
    );

    expect(parseIpConfig(printed)).toEqual(config);
  });

  it('should build a drive the simulator reads, and read what it prints', () => {
    const text = formatDrive('local-lvm:32', { iothread: true, discard: 'on', ssd: true });
    const parsed = simParsePropertyString(SIM_QEMU_DRIVE_FORMAT, text);

    expect(parsed).toEqual({ file: 'local-lvm:32', iothread: '1', discard: 'on', ssd: '1' });
    expect(parseDrive(simPrintPropertyString(parsed, SIM_QEMU_DRIVE_FORMAT))).toEqual({
      file: 'local-lvm:32',
      discard: 'on',
      iothread: '1',
      ssd: '1',
    });
  });

  it('should read a drive written with `volume=`', () => {
    expect(parseDrive('volume=local-lvm:vm-100-disk-0,size=8G')).toEqual({
      file: 'local-lvm:vm-100-disk-0',
      size: '8G',
    });
  });
});

describe('disk sizes', () => {
  it.each(['32G', '512M', '1T', '1536M', '4096', '1.5T', '100K'])(
    'should read %s as the simulator does',
    (size) => {
      expect(parseDiskSize(size)).toBe(simParseSize(size));
    },
  );

  it.each([32 * 1024 ** 3, 1024 ** 4, 1536 * 1024 ** 2, 4096, 1000, 3 * 1024])(
    'should write %d bytes as the simulator (PVE format_size) does',
    (bytes) => {
      expect(formatDiskSize(bytes)).toBe(simFormatSize(bytes));
    },
  );

  it('should build resize requests', () => {
    expect(resizeSize('+10G')).toBe('+10G');
    expect(resizeSize({ growBy: 10 * 1024 ** 3 })).toBe('+10G');
    expect(resizeSize({ to: 40 * 1024 ** 3 })).toBe('40G');
  });

  it('should refuse what is not a size', () => {
    expect(() => parseDiskSize('32 GB')).toThrow(TypeError);
    expect(() => resizeSize('-1G')).toThrow(TypeError);
  });
});

describe('SSH keys', () => {
  it('should encode keys into the urlencoded form PVE accepts and decode them back', () => {
    const keys = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHXkR1 ops@laptop\nssh-rsa AAAAB3Nza+/= ci@runner';
    const encoded = encodeSshKeys(keys);

    expect(encoded).toMatch(/^[-%a-zA-Z0-9_.!~*'()]*$/);
    expect(decodeSshKeys(encoded)).toBe(keys);
  });
});

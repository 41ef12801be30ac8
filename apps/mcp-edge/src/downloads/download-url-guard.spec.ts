import { DownloadUrlGuard } from './download-url-guard';
import { InMemoryHostResolver } from './host-resolver';

const RESOLVER = new InMemoryHostResolver({
  'cdimage.debian.org': ['151.101.2.132', '2a04:4e42::644'],
  'mirror.lan': ['192.168.1.40'],
  'sneaky.example': ['93.184.216.34', '10.0.0.7'],
  'ula.example': ['fd12:3456::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
});

describe(DownloadUrlGuard.name, () => {
  const sut = (allowed: string[] = []) => new DownloadUrlGuard(allowed, RESOLVER);

  it('should pass an https URL whose host resolves to public addresses only', async () => {
    const url = await sut().check('https://cdimage.debian.org/debian-cd/netinst.iso');

    expect(url.hostname).toBe('cdimage.debian.org');
  });

  it.each([
    ['ftp://cdimage.debian.org/x.iso', 'only http and https URLs are downloaded, not ftp'],
    ['file:///etc/passwd', 'only http and https URLs are downloaded, not file'],
    [
      'https://user:secret@cdimage.debian.org/x.iso',
      "a URL with credentials is refused: they would show in Proxmox's task log",
    ],
    ['http://127.0.0.1:8006/api2/json', '127.0.0.1 resolves to 127.0.0.1, a loopback address'],
    [
      'http://169.254.169.254/latest/meta-data',
      '169.254.169.254 resolves to 169.254.169.254, a link-local address',
    ],
    ['http://[::1]/x.iso', '::1 resolves to ::1, a loopback address'],
    ['http://[fe80::1]/x.iso', 'fe80::1 resolves to fe80::1, a link-local address'],
    ['http://[::ffff:10.1.2.3]/x.iso', '::ffff:a01:203 resolves to ::ffff:a01:203, a private address'],
    ['http://mirror.lan/x.iso', 'mirror.lan resolves to 192.168.1.40, a private address'],
    ['http://sneaky.example/x.iso', 'sneaky.example resolves to 10.0.0.7, a private address'],
    ['http://ula.example/x.iso', 'ula.example resolves to fd12:3456::1, a unique-local address'],
    ['http://mapped.example/x.iso', 'mapped.example resolves to ::ffff:127.0.0.1, a loopback address'],
    ['http://nowhere.example/x.iso', 'nowhere.example does not resolve to any address'],
  ])('should refuse %s', async (url, message) => {
    await expect(sut().check(url)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining(message),
    });
  });

  it('should pass a private host or network the deployment allows', async () => {
    await expect(sut(['mirror.lan']).check('http://mirror.lan/x.iso')).resolves.toBeInstanceOf(URL);
    await expect(sut(['192.168.1.0/24']).check('http://mirror.lan/x.iso')).resolves.toBeInstanceOf(URL);
    await expect(sut(['192.168.1.0/24']).check('http://sneaky.example/x.iso')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

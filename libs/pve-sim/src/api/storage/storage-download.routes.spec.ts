import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

const NETINST = 'https://cdimage.debian.org/debian-cd/current/amd64/iso-cd/debian-13.1.0-amd64-netinst.iso';

describe('storage download routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  const download = (params: Record<string, string>, storage = 'local') =>
    runTask(sut, 'POST', `/nodes/pve1/storage/${storage}/download-url`, params);

  it("should answer a URL's file name, size and type", async () => {
    await expect(dataOf(sut, 'GET', '/nodes/pve1/query-url-metadata', { url: NETINST })).resolves.toEqual({
      filename: 'debian-13.1.0-amd64-netinst.iso',
      size: 754 * 1024 ** 2,
      mimetype: 'application/x-iso9660-image',
    });
  });

  it.each([
    [
      'https://nowhere.invalid/x.iso',
      "invalid server response: '500 Can't connect to nowhere.invalid:443 (Name or service not known)'\n",
    ],
    ['https://cdimage.debian.org/missing.iso', "invalid server response: '404 Not Found'\n"],
  ])('should refuse the metadata of %s as LWP reports it', async (url, message) => {
    const response = await send(sut, 'GET', '/nodes/pve1/query-url-metadata', { url });

    expect(response.body?.message).toBe(message);
  });

  it('should download an ISO image into the storage in a download task', async () => {
    const task = await download({ url: NETINST, content: 'iso', filename: 'debian 13.iso' });

    expect(task).toMatchObject({ type: 'download', id: 'debian_13.iso', exitstatus: 'OK' });
    expect(sut.state.volume('pve1', 'local:iso/debian_13.iso')).toMatchObject({
      content: 'iso',
      size: 754 * 1024 ** 2,
    });
  });

  it('should refuse to override a file the storage has', async () => {
    const task = await download({
      url: NETINST,
      content: 'iso',
      filename: 'debian-12.9.0-amd64-netinst.iso',
    });

    expect(task.exitstatus).toBe(
      "refusing to override existing file '/var/lib/vz/template/iso/debian-12.9.0-amd64-netinst.iso'",
    );
  });

  it('should fail as wget does when the host cannot be reached', async () => {
    const task = await download({ url: 'https://nowhere.invalid/x.iso', content: 'iso', filename: 'x.iso' });

    expect(task.exitstatus).toMatch(
      /^download failed: command 'wget --progress=dot:giga -O \/var\/lib\/vz\/template\/iso\/x\.iso\.tmp_dwnl\.\d+ https:\/\/nowhere\.invalid\/x\.iso' failed: exit code 4$/,
    );
  });

  it('should verify a checksum when one is given', async () => {
    const task = await download({
      url: NETINST,
      content: 'iso',
      filename: 'sum.iso',
      checksum: 'ab',
      'checksum-algorithm': 'sha256',
    });

    expect(task.exitstatus).toMatch(/^checksum mismatch: got '[0-9a-f]{64}' != expect 'ab'$/);
    expect(sut.state.volume('pve1', 'local:iso/sum.iso')).toBeUndefined();
  });

  it.each([
    [
      { url: NETINST, content: 'iso', filename: 'x.img' },
      'local-lvm',
      "can't upload to storage type 'lvmthin', not a file based storage!\n",
    ],
    [
      { url: NETINST, content: 'import', filename: 'x.qcow2' },
      'local',
      "storage 'local' is not configured for content-type 'import'\n",
    ],
  ])('should refuse %j on %s', async (params, storage, message) => {
    const response = await send(sut, 'POST', `/nodes/pve1/storage/${storage}/download-url`, params);

    expect(response.body?.message).toBe(message);
  });

  it('should refuse a file name that does not fit the content type', async () => {
    const response = await send(sut, 'POST', '/nodes/pve1/storage/local/download-url', {
      url: NETINST,
      content: 'vztmpl',
      filename: 'debian.iso',
    });

    expect(response.body?.errors).toEqual({ filename: 'wrong file extension' });
  });

  it('should list the appliance templates and download one with pveam', async () => {
    const appliances = (await dataOf(sut, 'GET', '/nodes/pve1/aplinfo')) as Array<{
      template: string;
      type: string;
    }>;
    const template = appliances.find((entry) => entry.template.startsWith('debian-13'))?.template ?? '';
    await runTaskOk(sut, 'POST', '/nodes/pve2/aplinfo', { storage: 'local', template });

    expect(appliances.every((entry) => entry.type === 'lxc')).toBe(true);
    expect(sut.state.volume('pve2', `local:vztmpl/${template}`)).toMatchObject({
      content: 'vztmpl',
      format: 'tzst',
    });
  });
});

import { api, callApi } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

type Entry = Record<string, unknown>;

describe('storage routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator({
      access: {
        users: [{ userid: 'iso@pve' }],
        tokens: [{ tokenId: 'iso@pve!tk', secret: 'iso', privsep: false }],
        acl: [{ path: '/storage/local', role: 'PVEDatastoreUser', user: 'iso@pve' }],
      },
    });
    await sut.start();
  });

  afterAll(() => sut.stop());

  async function data(path: string, authorization?: string): Promise<Entry[]> {
    const response = await callApi(
      sut,
      'GET',
      api(path),
      authorization === undefined ? {} : { authorization },
    );
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.statusText}`);
    return response.body?.data as Entry[];
  }

  it("should list the storage configuration with each entry's settings", async () => {
    expect(await data('/storage')).toEqual([
      {
        storage: 'local',
        type: 'dir',
        content: 'backup,iso,vztmpl',
        path: '/var/lib/vz',
        digest: expect.any(String),
      },
      {
        storage: 'local-lvm',
        type: 'lvmthin',
        content: 'images,rootdir',
        vgname: 'pve',
        thinpool: 'data',
        digest: expect.any(String),
      },
    ]);
  });

  it('should list only storages the caller may audit or use', async () => {
    const storages = await data('/storage', 'PVEAPIToken=iso@pve!tk=iso');

    expect(storages.map((entry) => entry['storage'])).toEqual(['local']);
  });

  it("should list a node's storages with their usage", async () => {
    const [local, lvm] = await data('/nodes/pve1/storage');

    expect(local).toMatchObject({
      storage: 'local',
      type: 'dir',
      enabled: 1,
      active: 1,
      shared: 0,
      content: 'backup,iso,vztmpl',
    });
    expect(lvm).toMatchObject({
      storage: 'local-lvm',
      total: expect.any(Number),
      used: expect.any(Number),
      avail: expect.any(Number),
    });
    expect(Number(lvm?.['used_fraction'])).toBeGreaterThan(0);
  });

  it('should filter storages by the content types they may hold', async () => {
    const storages = await data('/nodes/pve1/storage?content=iso,backup');

    expect(storages.map((entry) => entry['storage'])).toEqual(['local']);
  });

  it('should add the disk formats when asked', async () => {
    const [lvm] = await data('/nodes/pve1/storage?storage=local-lvm&format=1');

    expect(lvm).toMatchObject({ formats: { supported: ['raw'], default: 'raw' } });
  });

  it('should answer 400 for a storage filter that matches no storage', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/storage?storage=ceph'));

    expect(response.body?.errors).toEqual({ storage: 'No such storage.' });
  });

  it("should report one storage's status", async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/storage/local-lvm/status'));

    expect(response.body?.data).toMatchObject({
      type: 'lvmthin',
      content: 'images,rootdir',
      enabled: 1,
      active: 1,
    });
  });

  it('should list ISO images and templates with their volids', async () => {
    const volumes = await data('/nodes/pve1/storage/local/content');

    expect(volumes.map((volume) => [volume['volid'], volume['content'], volume['format']])).toEqual([
      ['local:iso/debian-12.9.0-amd64-netinst.iso', 'iso', 'iso'],
      ['local:iso/ubuntu-24.04.1-live-server-amd64.iso', 'iso', 'iso'],
      ['local:iso/virtio-win-0.1.266.iso', 'iso', 'iso'],
      ['local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', 'vztmpl', 'tzst'],
      ['local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst', 'vztmpl', 'tzst'],
    ]);
  });

  it('should list backups with their guest, type and notes', async () => {
    const volumes = await data('/nodes/pve3/storage/local/content?content=backup&vmid=102');

    expect(volumes).toHaveLength(2);
    expect(volumes[0]).toMatchObject({
      volid: expect.stringMatching(
        /^local:backup\/vzdump-qemu-102-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.vma\.zst$/,
      ),
      content: 'backup',
      format: 'vma.zst',
      subtype: 'qemu',
      vmid: 102,
    });
    expect(volumes.some((volume) => volume['protected'] === 1 && typeof volume['notes'] === 'string')).toBe(
      true,
    );
  });

  it('should list guest disks from the guest configs, as images or rootdir', async () => {
    const volumes = await data('/nodes/pve1/storage/local-lvm/content');

    expect(volumes.find((volume) => volume['vmid'] === 100)).toMatchObject({
      volid: 'local-lvm:vm-100-disk-0',
      content: 'images',
      format: 'raw',
      size: 32 * 1024 ** 3,
    });
    expect(volumes.find((volume) => volume['vmid'] === 200)).toMatchObject({ content: 'rootdir' });
    expect(volumes.every((volume) => ['images', 'rootdir'].includes(String(volume['content'])))).toBe(true);
  });

  it('should show a backup a task adds to the state', async () => {
    sut.state.addVolume({
      node: 'pve1',
      storage: 'local',
      volid: 'local:backup/vzdump-lxc-200-2026_01_01-00_00_00.tar.zst',
      content: 'backup',
      format: 'tar.zst',
      size: 1024,
      ctime: 1_767_225_600,
      vmid: 200,
      subtype: 'lxc',
    });

    const volumes = await data('/nodes/pve1/storage/local/content?content=backup');

    expect(volumes.map((volume) => volume['volid'])).toEqual([
      'local:backup/vzdump-lxc-200-2026_01_01-00_00_00.tar.zst',
    ]);
  });

  it('should answer 500 for a storage that does not exist', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/storage/nfs/content'));

    expect(response).toMatchObject({ status: 500, statusText: "storage 'nfs' does not exist" });
  });

  it('should refuse a content type PVE does not know', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/storage/local/content?content=music'));

    expect(response.body?.errors).toEqual({ content: "invalid format - invalid content type 'music'\n" });
  });

  it('should answer 403 for a storage the caller may not audit', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/storage/local-lvm/content'), {
      authorization: 'PVEAPIToken=iso@pve!tk=iso',
    });

    expect(response.statusText).toBe(
      'Permission check failed (/storage/local-lvm, Datastore.Audit|Datastore.AllocateSpace)',
    );
  });
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { HomelabWorkspaces } from '../__tests__/homelab-workspaces';
import { ImportInventoryUseCase } from './import-inventory.use-case';

describe(ImportInventoryUseCase.name, () => {
  let homelab: HomelabWorkspaces;
  let sut: ImportInventoryUseCase;

  const importLab = () => sut.execute({ workspace: 'lab', origin: homelab.origin });
  const commits = () =>
    execFileSync('git', ['log', '--format=%s'], { cwd: join(homelab.folder, 'lab'), encoding: 'utf8' })
      .trim()
      .split('\n');

  beforeEach(async () => {
    homelab = new HomelabWorkspaces();
    await homelab.init();
    sut = new ImportInventoryUseCase(homelab.store, homelab.inventory, homelab.lock);
  });

  afterEach(() => homelab.dispose());

  it('should generate Terraform and Ansible for every guest, in one commit', async () => {
    const guests = homelab.inventory.guests.length;

    const generated = await importLab();

    expect(generated).toMatchObject({
      workspace: 'lab',
      target: 'homelab',
      kind: 'import',
      changed: true,
      guests,
    });
    expect(generated.files.map((file) => file.path)).toEqual(
      expect.arrayContaining([
        'terraform/versions.tf',
        `terraform/node-${homelab.vm().node}.tf`,
        'ansible/inventory.yml',
      ]),
    );
    expect(commits()).toEqual([
      `Import ${guests} guests of cluster homelab`,
      'Create workspace lab for cluster homelab',
    ]);
  });

  it('should write identical files from the same inventory, committing nothing', async () => {
    const first = await importLab();

    const again = await importLab();

    expect(again).toEqual({ ...first, changed: false });
    expect(commits()).toHaveLength(2);
  });

  it('should commit only the file of the node whose guest changed', async () => {
    const before = await importLab();
    homelab.vm().config['description'] = 'changed outside ${var.x} "quoted"';

    const after = await importLab();

    const changed = after.files.filter(
      (file) => before.files.find((old) => old.path === file.path)?.sha256 !== file.sha256,
    );
    expect(changed.map((file) => file.path)).toEqual([`terraform/node-${homelab.vm().node}.tf`]);
    expect(after.changed).toBe(true);
    expect(after.revision).not.toBe(before.revision);
  });

  it('should leave the files it would write unchanged untouched, and report what is on disk', async () => {
    const before = await importLab();
    const folder = join(homelab.folder, 'lab');
    const past = new Date('2020-01-01T00:00:00Z');
    for (const file of before.files) utimesSync(join(folder, file.path), past, past);
    homelab.vm().config['description'] = 'changed again';

    const after = await importLab();

    const rewritten = after.files.filter(
      (file) => statSync(join(folder, file.path)).mtime.getTime() !== past.getTime(),
    );
    expect(rewritten.map((file) => file.path)).toEqual([`terraform/node-${homelab.vm().node}.tf`]);
    for (const file of after.files) {
      const onDisk = readFileSync(join(folder, file.path));
      expect({ path: file.path, sha256: file.sha256, bytes: file.bytes }).toEqual({
        path: file.path,
        sha256: createHash('sha256').update(onDisk).digest('hex'),
        bytes: onDisk.length,
      });
    }
  });

  it('should remove the file of a node that has no guests any more', async () => {
    await importLab();
    const node = homelab.vm().node;
    homelab.inventory.guests = homelab.inventory.guests.filter((guest) => guest.node !== node);

    const after = await importLab();

    expect(after.files.map((file) => file.path)).not.toContain(`terraform/node-${node}.tf`);
    expect(existsSync(join(homelab.folder, 'lab', 'terraform', `node-${node}.tf`))).toBe(false);
  });

  it('should join the run of a command delivered again while it runs, not generate twice', async () => {
    const command = { workspace: 'lab', origin: { ...homelab.origin, causationId: 'command-1' } };

    const [first, again] = await Promise.all([sut.execute(command), sut.execute(command)]);

    expect(again).toBe(first);
    expect(commits()).toHaveLength(2);
  });

  it('should refuse a workspace that does not exist, saying how to create one', async () => {
    await expect(sut.execute({ workspace: 'nowhere', origin: homelab.origin })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no workspace "nowhere"; create it with cmd.iac.workspace.init',
    });
  });
});

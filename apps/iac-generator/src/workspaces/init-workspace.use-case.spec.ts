import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HomelabWorkspaces } from '../__tests__/homelab-workspaces';
import { InitWorkspaceUseCase } from './init-workspace.use-case';

describe(InitWorkspaceUseCase.name, () => {
  let homelab: HomelabWorkspaces;
  let sut: InitWorkspaceUseCase;

  const init = (request: Partial<Parameters<InitWorkspaceUseCase['execute']>[0]> = {}) =>
    sut.execute({ workspace: 'lab', origin: homelab.origin, ...request });

  beforeEach(() => {
    homelab = new HomelabWorkspaces();
    sut = new InitWorkspaceUseCase(homelab.store, homelab.inventory, homelab.lock);
  });

  afterEach(() => homelab.dispose());

  it("should create a workspace for the agent's cluster and commit its settings", async () => {
    const created = await init();

    expect(created).toEqual({
      workspace: 'lab',
      target: 'homelab',
      revision: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(JSON.parse(readFileSync(join(homelab.folder, 'lab', 'mpc-workspace.json'), 'utf8'))).toEqual({
      name: 'lab',
      target: 'homelab',
      provider: { source: 'bpg/proxmox', version: '0.111.1' },
      ansible: { collection: 'community.general' },
    });
    expect(
      execFileSync('git', ['log', '--format=%H %s'], { cwd: join(homelab.folder, 'lab'), encoding: 'utf8' }),
    ).toBe(`${created.revision} Create workspace lab for cluster homelab\n`);
  });

  it('should keep the Ansible collection asked for', async () => {
    await init({ ansibleCollection: 'community.proxmox' });

    expect((await homelab.store.open('lab')).settings.ansible).toEqual({ collection: 'community.proxmox' });
  });

  it('should refuse a name already taken', async () => {
    await init();

    await expect(init()).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'workspace "lab" already exists',
      retryable: false,
    });
  });

  it('should refuse a name outside the rules, naming them, before anything is written', async () => {
    await expect(init({ workspace: '../escape' })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      message: expect.stringMatching(/^workspace name "\.\.\/escape": expected 1-63 lower-case letters/),
    });
    expect(readdirSync(homelab.folder)).toEqual([]);
    expect(existsSync(join(homelab.folder, '..', 'escape'))).toBe(false);
  });

  it('should refuse a cluster the agent does not manage, before anything is written', async () => {
    await expect(init({ target: 'elsewhere' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'target "elsewhere" is not managed by this agent (known: homelab)',
    });
    expect(readdirSync(homelab.folder)).toEqual([]);
  });
});

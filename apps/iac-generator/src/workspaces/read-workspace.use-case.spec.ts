import { HomelabWorkspaces } from '../__tests__/homelab-workspaces';
import { ReadWorkspaceUseCase } from './read-workspace.use-case';

describe(ReadWorkspaceUseCase.name, () => {
  let homelab: HomelabWorkspaces;
  let revision: string;
  let sut: ReadWorkspaceUseCase;

  beforeEach(async () => {
    homelab = new HomelabWorkspaces();
    ({ revision } = await homelab.init());
    sut = new ReadWorkspaceUseCase(homelab.store);
  });

  afterEach(() => homelab.dispose());

  it('should list the files at HEAD with their sizes', async () => {
    expect(await sut.execute({ workspace: 'lab' })).toEqual({
      workspace: 'lab',
      revision,
      files: [
        { path: '.gitignore', bytes: expect.any(Number) },
        { path: 'mpc-workspace.json', bytes: expect.any(Number) },
        { path: 'policy.yml', bytes: expect.any(Number) },
      ],
    });
  });

  it("should give a file's text as committed", async () => {
    const read = await sut.execute({ workspace: 'lab', path: 'mpc-workspace.json' });

    expect(JSON.parse(read.content as string)).toMatchObject({ name: 'lab', target: 'homelab' });
    expect(read.files).toEqual([{ path: 'mpc-workspace.json', bytes: read.content?.length }]);
  });

  it('should refuse a file the workspace does not have', async () => {
    await expect(sut.execute({ workspace: 'lab', path: 'nothing.tf' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'workspace "lab" has no file nothing.tf',
    });
  });

  it('should refuse a file too large for a reply, saying where to read it', async () => {
    const workspace = await homelab.store.open('lab');
    await workspace.writeFiles([{ path: 'big.txt', content: 'x'.repeat(600 * 1024) }]);
    await workspace.git.commitAll('a large file');

    await expect(sut.execute({ workspace: 'lab', path: 'big.txt' })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      message: `big.txt is ${600 * 1024} bytes, more than ${512 * 1024} can be sent; read it from the workspace repository`,
    });
  });
});

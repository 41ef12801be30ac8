import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HomelabWorkspaces } from '../__tests__/homelab-workspaces';
import { ListWorkspacesUseCase } from './list-workspaces.use-case';

describe(ListWorkspacesUseCase.name, () => {
  let homelab: HomelabWorkspaces;
  let sut: ListWorkspacesUseCase;

  beforeEach(() => {
    homelab = new HomelabWorkspaces();
    sut = new ListWorkspacesUseCase(homelab.store);
  });

  afterEach(() => homelab.dispose());

  it('should list every workspace with its cluster and HEAD', async () => {
    const lab = await homelab.init('lab');
    const prod = await homelab.init('prod');

    const { workspaces } = await sut.execute();

    expect(workspaces.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'lab', target: 'homelab', revision: lab.revision },
      { name: 'prod', target: 'homelab', revision: prod.revision },
    ]);
  });

  it('should pass over folders that are not workspaces', async () => {
    mkdirSync(join(homelab.folder, 'stray'));
    mkdirSync(join(homelab.folder, 'Not_A_Name'));

    expect(await sut.execute()).toEqual({ workspaces: [] });
  });
});

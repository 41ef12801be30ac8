import { WORKSPACE_READ_MAX_CONTENT_BYTES } from '@proxmox-mpc/contracts';
import { knowledgeParts } from '../__tests__/knowledge-fixture';
import { IndexWorkspaceUseCase } from './index-workspace.use-case';

const origin = { correlationId: 'c-1', actor: { kind: 'service' as const, id: 'test' } };

describe(IndexWorkspaceUseCase.name, () => {
  it('should index the files a workspace read carries and skip a larger one, naming it', async () => {
    const { feeds, ingestSource, store } = knowledgeParts();
    const main = 'resource "proxmox_virtual_environment_vm" "web" {\n  name = "web"\n}\n';
    feeds.workspaces.set('lab', {
      revision: 'a'.repeat(40),
      files: [
        { path: 'terraform/main.tf', bytes: main.length, content: main },
        { path: 'ansible/inventory.yml', bytes: WORKSPACE_READ_MAX_CONTENT_BYTES + 1 },
      ],
    });
    const sut = new IndexWorkspaceUseCase(feeds, ingestSource);

    const report = await sut.execute('lab', origin);

    expect(report).toEqual(
      expect.objectContaining({
        source: 'iac.lab',
        documents: 2,
        added: 1,
        skipped: [
          {
            path: 'lab/ansible/inventory.yml',
            reason: `it is ${WORKSPACE_READ_MAX_CONTENT_BYTES + 1} bytes, more than the ${WORKSPACE_READ_MAX_CONTENT_BYTES} a workspace read carries`,
          },
        ],
      }),
    );
    expect([...store.rows.values()].map((chunk) => chunk.citation)).toEqual([
      `lab@${'a'.repeat(40)}:terraform/main.tf:1`,
    ]);
  });
});

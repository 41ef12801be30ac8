import type { Origin } from '@proxmox-mpc/contracts';
import type { PlatformFeeds } from '../feeds/platform-feeds';
import { workspaceFileDocument } from './iac-documents';
import type { KnowledgeSource, SourceDocument } from './knowledge-source';

/** A workspace's files at its newest commit, as the source `iac.<workspace>`. */
export async function readWorkspaceSource(
  feeds: PlatformFeeds,
  origin: Origin,
  workspace: string,
): Promise<KnowledgeSource> {
  const { revision, files } = await feeds.workspace(origin, workspace);
  const documents: SourceDocument[] = files.map((file) => {
    const document = workspaceFileDocument(workspace, revision, file.path, file.content);
    return {
      path: document.path,
      contentHash: document.contentHash,
      read: () => ({ title: document.title, chunks: document.chunks }),
    };
  });
  return { name: `iac.${workspace}`, kind: 'iac', list: async () => documents };
}

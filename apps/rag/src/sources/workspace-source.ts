import { WORKSPACE_READ_MAX_CONTENT_BYTES, type Origin } from '@proxmox-mpc/contracts';
import { UnreadableDocument } from '../chunking/document-units';
import type { PlatformFeeds, WorkspaceFile } from '../feeds/platform-feeds';
import { contentHash } from './content-hash';
import { workspaceDocumentPath, workspaceFileDocument } from './iac-documents';
import type { KnowledgeSource, SourceDocument } from './knowledge-source';

/** A workspace's files at its newest commit, as the source `iac.<workspace>`. */
export async function readWorkspaceSource(
  feeds: PlatformFeeds,
  origin: Origin,
  workspace: string,
): Promise<KnowledgeSource> {
  const { revision, files } = await feeds.workspace(origin, workspace);
  const documents: SourceDocument[] = files.map((file) => {
    if (file.content === undefined) return tooLarge(workspace, file);
    const document = workspaceFileDocument(workspace, revision, file.path, file.content);
    return {
      path: document.path,
      contentHash: document.contentHash,
      read: () => ({ title: document.title, chunks: document.chunks }),
    };
  });
  return { name: `iac.${workspace}`, kind: 'iac', list: async () => documents };
}

/**
 * A file a workspace read does not carry (a large estate's generated Ansible inventory):
 * skipped with the reason, not a failure of the whole workspace. It is never stored, so its
 * hash only has to differ from that of a smaller version indexed before.
 */
function tooLarge(workspace: string, file: WorkspaceFile): SourceDocument {
  return {
    path: workspaceDocumentPath(workspace, file.path),
    contentHash: contentHash(file.path, String(file.bytes)),
    read: () => {
      throw new UnreadableDocument(
        `it is ${file.bytes} bytes, more than the ${WORKSPACE_READ_MAX_CONTENT_BYTES} a workspace read carries`,
      );
    },
  };
}

import { HandlerError } from '@proxmox-mpc/bus';
import type { StorageDownloadRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';

/**
 * The node downloads a file into a storage. It first asks the server for the file's
 * size (Proxmox's query-url-metadata, from the node itself): one over the bound, or one
 * whose size the server does not tell, is refused before anything is fetched.
 */
export const downloadOperation: OperationDefinition<StorageDownloadRequested> = {
  operation: 'download',
  async plan(command, { client, journal }) {
    // Kept once measured, so a resumed command reports the size it checked.
    const checkedSize = () =>
      journal.keep('sizeBytes', async () => {
        const metadata = await client.urlMetadata(command.node, command.url);
        if (metadata.size === undefined) {
          throw new HandlerError(
            'INVALID_MESSAGE',
            `the server does not say how large ${command.url} is; refusing to download it`,
            false,
          );
        }
        if (metadata.size > command.maxBytes) {
          throw new HandlerError(
            'INVALID_MESSAGE',
            `${command.url} is ${metadata.size} bytes, more than the ${command.maxBytes} allowed`,
            false,
          );
        }
        return metadata.size;
      });
    return {
      node: command.node,
      steps: [
        {
          name: 'check-size',
          run: async () => {
            await checkedSize();
            return null;
          },
        },
        {
          name: 'download',
          task: { node: command.node, type: 'download' },
          run: () =>
            client.downloadUrl(command.node, command.storage, {
              url: command.url,
              content: command.content,
              filename: command.filename,
              ...(command.checksum && command.checksumAlgorithm
                ? { checksum: command.checksum, 'checksum-algorithm': command.checksumAlgorithm }
                : {}),
            }),
        },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'download',
        node: command.node,
        upids,
        durationMs,
        storage: command.storage,
        volume: `${command.storage}:${command.content}/${command.filename}`,
        sizeBytes: await checkedSize(),
      }),
    };
  },
};

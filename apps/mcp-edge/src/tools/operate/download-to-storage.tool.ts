import {
  DownloadFilenameSchema,
  NodeNameSchema,
  operationResultOf,
  StorageDownloadRequestedSchema,
  StorageIdSchema,
  Subjects,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { operateTool, ToolError } from '../tool-definition';
import { TargetInput } from '../tool-inputs';
import { onNode } from './guest-operation';

const { content, url, checksum, checksumAlgorithm } = StorageDownloadRequestedSchema.shape;

export const downloadToStorageTool = operateTool({
  name: 'download_to_storage',
  title: 'Download an ISO image or template into a storage',
  description:
    'Have a node download an ISO image, a container template or an importable disk from an http(s) URL into one of ' +
    'its storages. URLs that resolve to loopback, link-local or private addresses are refused unless the server ' +
    'allows them; the node first checks the size, and files over the server’s bound are refused.',
  input: z
    .object({
      target: TargetInput,
      node: NodeNameSchema.describe('The node that downloads'),
      storage: StorageIdSchema.describe('A file storage of that node for this content, e.g. local'),
      url: url.describe('http or https URL of the file'),
      content: content.describe('iso, vztmpl (container template) or import (a disk image to import)'),
      filename: DownloadFilenameSchema.optional().describe(
        "The file's name on the storage (default: the URL's)",
      ),
      checksum: checksum.describe('The file’s checksum, hex, to verify it'),
      checksumAlgorithm: checksumAlgorithm.describe('md5, sha1, sha224, sha256, sha384 or sha512'),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  scope: 'apply',
  result: operationResultOf('download'),
  async prepare({ target, node, storage, filename, ...fields }, context) {
    context.access.assertNode(node);
    const checked = await context.policies.download.check(fields.url);
    const name = filename ?? decodeURIComponent(checked.pathname.split('/').at(-1) ?? '');
    const parsed = DownloadFilenameSchema.safeParse(name);
    if (!parsed.success) {
      throw new ToolError(
        'INVALID_MESSAGE',
        `filename: the URL names no usable file ("${name}"); give filename`,
      );
    }
    return onNode(target, `download ${checked.href} to ${node}/${storage} as ${parsed.data}`, parsed.data, {
      subject: Subjects.proxmoxStorageDownload,
      data: { node, storage, filename: parsed.data, ...fields, maxBytes: context.policies.downloadMaxBytes },
      approvalAction: 'download',
    });
  },
});

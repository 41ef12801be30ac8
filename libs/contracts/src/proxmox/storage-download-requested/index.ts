import { z } from 'zod';
import { StorageIdSchema } from '../formats';
import { NodeNameSchema } from '../guest';
import { defineOperationCommand } from '../operation-command';

/** A file name on a storage: letters, digits and `-._+=` (pve-storage's safe characters). */
export const DownloadFilenameSchema = z
  .string()
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9\-._+=]*$/, 'expected a file name such as "debian-13.1.0-amd64-netinst.iso"');

export const StorageDownloadRequestedSchema = z
  .object({
    node: NodeNameSchema,
    storage: StorageIdSchema,
    /** http or https, checked by the caller against the download policy. */
    url: z.url({ protocol: /^https?$/, error: 'expected an http or https URL' }).max(2048),
    content: z.enum(['iso', 'vztmpl', 'import']),
    filename: DownloadFilenameSchema,
    checksum: z
      .string()
      .regex(/^[0-9a-fA-F]{32,128}$/, 'expected a hex checksum')
      .optional(),
    checksumAlgorithm: z.enum(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']).optional(),
    /** The largest file to fetch: a larger one, or one whose size the server does not say, is refused. */
    maxBytes: z.number().int().positive(),
  })
  .strict()
  .refine((request) => (request.checksum === undefined) === (request.checksumAlgorithm === undefined), {
    message: 'give checksum and checksumAlgorithm together',
    path: ['checksumAlgorithm'],
  });
export type StorageDownloadRequested = z.infer<typeof StorageDownloadRequestedSchema>;

export const StorageDownloadRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.storage.download',
  type: 'proxmox.storage.download.requested',
  data: StorageDownloadRequestedSchema,
});

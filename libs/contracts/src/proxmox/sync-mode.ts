import { z } from 'zod';

/** A full pass reads every guest's config; an incremental one only those that may have changed. */
export const SyncModeSchema = z.enum(['full', 'incremental']);

/**
 * On a guest event: the mode of the sync pass that found the change. That pass's
 * `evt.proxmox.inventory.synced`, under the same correlation id, follows its last write,
 * so a consumer may gather a pass's changes and take them in once it ends. Absent when the
 * change is a guest read again after an operation on it.
 */
export const FoundByPassSchema = SyncModeSchema.optional();

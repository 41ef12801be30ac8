import type { StorageContent, StorageVolume } from '../../state/cluster-node';
import type { SimulatorState } from '../../state/simulator-state';
import { parseVolumeId } from './guest-volumes';

// Paths and content types of file-based storage volumes, as pve-storage's directory
// plugin lays them out: `local` is /var/lib/vz, other directory storages /mnt/pve/<id>.

const CONTENT_DIRECTORIES: Readonly<Record<string, { content: StorageContent; directory: string }>> = {
  vztmpl: { content: 'vztmpl', directory: 'template/cache' },
  iso: { content: 'iso', directory: 'template/iso' },
  backup: { content: 'backup', directory: 'dump' },
  snippets: { content: 'snippets', directory: 'snippets' },
  import: { content: 'import', directory: 'import' },
};

/** The content type PVE's parse_volname reads from a file volume's name (`backup/…`, `vztmpl/…`). */
export function fileVolumeContent(volid: string): StorageContent | undefined {
  const volname = parseVolumeId(volid)?.volname;
  return volname === undefined ? undefined : CONTENT_DIRECTORIES[volname.split('/', 1)[0] ?? '']?.content;
}

/** PVE::Storage::path of a file volume. */
export function fileVolumePath(volid: string): string {
  const parsed = parseVolumeId(volid);
  if (!parsed) return volid;
  const [kind = '', ...rest] = parsed.volname.split('/');
  const root = parsed.storage === 'local' ? '/var/lib/vz' : `/mnt/pve/${parsed.storage}`;
  return `${root}/${CONTENT_DIRECTORIES[kind]?.directory ?? kind}/${rest.join('/')}`;
}

/**
 * PVE::Storage::check_volume_access's content check: a volume passed where a template
 * or a backup is expected must be one (500 before anything is forked).
 */
export function assertVolumeContent(volid: string, expected: StorageContent): void {
  const content = fileVolumeContent(volid);
  if (content !== expected) {
    throw new Error(`unable to use volume ${volid} - content type needs to be '${expected}'`);
  }
}

/** The volume as `node` sees it, or the error a worker dies with when its file is missing. */
export function requireFileVolume(state: SimulatorState, node: string, volid: string): StorageVolume {
  const volume = state.volume(node, volid);
  if (!volume) throw new Error(`volume '${volid}' does not exist`);
  return volume;
}

import type { NodeStorage, StorageVolume } from '../../state/cluster-node';
import type { SimulatorState } from '../../state/simulator-state';
import type { TaskContext } from '../../tasks/task-engine';
import { defaultSettings } from './storage-config';

// pve-common PVE::Tools::download_file_from_url, as `download-url` and pveam's
// `aplinfo` downloads run it: wget into a temporary file next to the target, then a rename.

const VZTMPL_FORMAT = /\.tar(?:\.(gz|xz|zst|bz2))?$/i;

/** The directory a storage keeps a content type in (`get_iso_dir`, `get_vztmpl_dir`). */
function contentDirectory(storage: NodeStorage, content: StorageVolume['content']): string {
  const root =
    storage.settings?.['path'] ?? defaultSettings(storage)['path'] ?? `/mnt/pve/${storage.storage}`;
  const sub = {
    iso: 'template/iso',
    vztmpl: 'template/cache',
    import: 'import',
    backup: 'dump',
    snippets: 'snippets',
  };
  return `${root}/${sub[content]}`;
}

/** pve-storage's format names for downloaded files (`tzst` for `.tar.zst`). */
function formatOf(content: StorageVolume['content'], filename: string): string {
  if (content === 'iso') return 'iso';
  if (content === 'vztmpl') {
    const compression = VZTMPL_FORMAT.exec(filename)?.[1]?.toLowerCase();
    return compression === undefined ? 'tar' : `t${compression}`;
  }
  return filename.split('.').at(-1) ?? 'raw';
}

export interface Download {
  readonly state: SimulatorState;
  readonly storage: NodeStorage;
  readonly content: 'iso' | 'vztmpl' | 'import';
  readonly filename: string;
  readonly url: string;
}

/** Fetches `download.url` into the storage, or fails the task as wget and PVE would. */
export function downloadIntoStorage(download: Download, context: TaskContext): void {
  const { state, storage, content, filename, url } = download;
  const dest = `${contentDirectory(storage, content)}/${filename}`;
  const volid = `${storage.storage}:${content}/${filename}`;
  context.log(`downloading ${url} to ${dest}`);
  if (state.volume(storage.node, volid)) throw new Error(`refusing to override existing file '${dest}'`);
  const temporary = `${dest}.tmp_dwnl.${context.task.pid}`;
  const remote = state.remoteFile(url);
  if (!remote) {
    // wget's exit codes: 4 when the host cannot be reached, 8 when the server says no.
    const exitCode = state.servesHost(new URL(url).hostname) ? 8 : 4;
    throw new Error(
      `download failed: command 'wget --progress=dot:giga -O ${temporary} ${url}' failed: exit code ${exitCode}`,
    );
  }
  context.log(`--${new Date().toISOString().slice(0, 19).replace('T', ' ')}--  ${url}`);
  context.log(`Length: ${remote.size} (${Math.round(remote.size / 1024 ** 2)}M) [${remote.mimetype}]`);
  context.log(`Saving to: '${temporary}'`);
  state.addVolume({
    node: storage.node,
    storage: storage.storage,
    volid,
    content,
    format: formatOf(content, filename),
    size: remote.size,
    ctime: Math.floor(Date.now() / 1000),
  });
  context.log(`download of '${url}' to '${dest}' finished`);
}

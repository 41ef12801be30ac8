import { createHash } from 'node:crypto';
import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER } from '../../routes/standard-parameters';
import type { NodeStorage } from '../../state/cluster-node';
import type { SimulatorState } from '../../state/simulator-state';
import { nodeStorage } from '../guests/guest-volumes';
import { downloadIntoStorage } from './remote-download';

// Sources: pve-storage PVE/API2/Storage/Status.pm download_url, pve-manager
// PVE/API2/Nodes.pm query_url_metadata and apl_download/aplinfo. The node fetches the
// URL itself; the simulator's internet is the scenario's `remoteFiles`.

const URL_PATTERN = /https?:\/\/.*/;
const ISO_NAME = /[^/]+\.(?:iso|img)$/i;
const VZTMPL_NAME = /[^/]+\.(?:tar|tar\.(?:gz|xz|zst|bz2))$/i;
const IMPORT_NAME = /^[a-zA-Z0-9\-.+=_]+\.(?:ova|qcow2|raw|vmdk)$/;
const CHECKSUM_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
const FILE_STORAGE_TYPES: ReadonlySet<NodeStorage['plugintype']> = new Set(['dir', 'nfs']);

/** PVE::Storage::normalize_content_filename: no path, unsafe characters become `_`. */
function normalizeFilename(filename: string): string {
  return filename
    .replace(/\n$/, '')
    .replace(/^.*[/\\]/, '')
    .replace(/[^a-zA-Z0-9\-.+=_]/g, '_');
}

/** The checksum of what a URL serves: the simulator keeps no content, so it is derived from the URL. */
function servedChecksum(algorithm: string, url: string): string {
  return createHash(algorithm).update(url).digest('hex');
}

/** storage_check_enabled, plus download_url's own refusals of the storage. */
function downloadStorage(
  state: SimulatorState,
  node: string,
  storageId: string,
  content: string,
): NodeStorage {
  const storage = nodeStorage(state, node, storageId);
  if (!FILE_STORAGE_TYPES.has(storage.plugintype)) {
    throw PveHttpError.failed(
      `can't upload to storage type '${storage.plugintype}', not a file based storage!`,
    );
  }
  if (!storage.content.includes(content as never)) {
    throw PveHttpError.failed(`storage '${storageId}' is not configured for content-type '${content}'`);
  }
  return storage;
}

const downloadUrlRoute: RouteDefinition = {
  method: 'POST',
  path: '/nodes/{node}/storage/{storage}/download-url',
  parameters: {
    node: NODE_PARAMETER,
    storage: { type: 'string', format: 'pve-storage-id' },
    url: { type: 'string', pattern: URL_PATTERN },
    content: { type: 'string', format: 'pve-storage-content', enum: ['iso', 'vztmpl', 'import'] },
    filename: { type: 'string', maxLength: 255 },
    checksum: { type: 'string', optional: true, requires: 'checksum-algorithm' },
    'checksum-algorithm': { type: 'string', optional: true, enum: CHECKSUM_ALGORITHMS, requires: 'checksum' },
    compression: { type: 'string', optional: true },
    'verify-certificates': { type: 'boolean', optional: true },
  },
  proxyToNode: true,
  permissions: {
    check: [
      'and',
      ['perm', '/storage/{storage}', ['Datastore.AllocateTemplate']],
      ['or', ['perm', '/', ['Sys.Audit', 'Sys.Modify']], ['perm', '/nodes/{node}', ['Sys.AccessNetwork']]],
    ],
  },
  handle: ({ params, identity }, { state, tasks }) => {
    const node = resolveProxyNode(state, params['node'] ?? '');
    const content = params['content'] as 'iso' | 'vztmpl' | 'import';
    const storage = downloadStorage(state, node.name, params['storage'] ?? '', content);
    const filename = normalizeFilename(params['filename'] ?? '');
    const url = params['url'] ?? '';
    if (content === 'iso' && !ISO_NAME.test(filename))
      throw PveHttpError.parameters({ filename: 'wrong file extension' });
    if (content === 'vztmpl' && !VZTMPL_NAME.test(filename))
      throw PveHttpError.parameters({ filename: 'wrong file extension' });
    if (content === 'import' && !IMPORT_NAME.test(filename))
      throw PveHttpError.parameters({ filename: 'invalid filename or wrong extension' });
    const compression = params['compression'];
    const algorithm = params['checksum-algorithm'];
    const checksum = params['checksum'];
    return tasks.start({
      node,
      type: 'download',
      id: filename,
      user: identity.authId,
      work: (context) => {
        if (compression !== undefined && content !== 'iso')
          throw new Error(`decompression not supported for ${content}`);
        downloadIntoStorage({ state, storage, content, filename, url }, context);
        if (algorithm !== undefined && checksum !== undefined) {
          const got = servedChecksum(algorithm, url);
          if (got !== checksum.toLowerCase()) {
            state.removeVolume(node.name, `${storage.storage}:${content}/${filename}`);
            throw new Error(`checksum mismatch: got '${got}' != expect '${checksum}'`);
          }
          context.log('calculating checksum...OK, checksum verified');
        }
      },
    }).upid;
  },
};

const queryUrlMetadataRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/query-url-metadata',
  parameters: {
    node: NODE_PARAMETER,
    url: { type: 'string', pattern: URL_PATTERN },
    'verify-certificates': { type: 'boolean', optional: true },
  },
  proxyToNode: true,
  permissions: {
    check: [
      'or',
      ['perm', '/', ['Sys.Audit', 'Sys.Modify']],
      ['perm', '/nodes/{node}', ['Sys.AccessNetwork']],
    ],
  },
  handle: ({ params }, { state }) => {
    const url = new URL(params['url'] ?? '');
    const remote = state.remoteFile(url.href);
    if (!remote) {
      // LWP's status lines: a host nobody answers at, or a server without that file.
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      throw PveHttpError.failed(
        state.servesHost(url.hostname)
          ? "invalid server response: '404 Not Found'"
          : `invalid server response: '500 Can't connect to ${url.hostname}:${port} (Name or service not known)'`,
      );
    }
    const filename = /^[^?]+\/([^?/]*)(?:\?.*)?$/.exec(url.href)?.[1];
    return { ...(filename && { filename }), size: remote.size, mimetype: remote.mimetype };
  },
};

const aplinfoListRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/aplinfo',
  parameters: { node: NODE_PARAMETER },
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: (_call, { state }) => state.appliances.map((appliance) => ({ ...appliance, type: 'lxc' })),
};

const aplinfoDownloadRoute: RouteDefinition = {
  method: 'POST',
  path: '/nodes/{node}/aplinfo',
  parameters: {
    node: NODE_PARAMETER,
    storage: { type: 'string', format: 'pve-storage-id' },
    template: { type: 'string', maxLength: 255 },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/storage/{storage}', ['Datastore.AllocateTemplate']] },
  handle: ({ params, identity }, { state, tasks }) => {
    const node = resolveProxyNode(state, params['node'] ?? '');
    const template = params['template'] ?? '';
    const appliance = state.appliances.find((entry) => entry.template === template);
    if (!appliance) throw PveHttpError.parameters({ template: 'no such template' });
    const storage = nodeStorage(state, node.name, params['storage'] ?? '');
    if (!storage.content.includes('vztmpl'))
      throw PveHttpError.failed(`storage '${storage.storage}' does not support templates`);
    return tasks.start({
      node,
      type: 'download',
      id: template,
      user: identity.authId,
      work: (context) => {
        downloadIntoStorage(
          { state, storage, content: 'vztmpl', filename: template, url: appliance.location },
          context,
        );
        context.log('calculating checksum...OK, checksum verified');
      },
    }).upid;
  },
};

export const storageDownloadRoutes: readonly RouteDefinition[] = [
  downloadUrlRoute,
  queryUrlMetadataRoute,
  aplinfoListRoute,
  aplinfoDownloadRoute,
];

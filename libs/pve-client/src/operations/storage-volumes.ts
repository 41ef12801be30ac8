import type { PveDownloadParams, PveUrlMetadata, PveVolumeInfo } from '../types/pve-cluster-services';
import { type ApiCaller, expectUpid, wireParams } from './api-caller';

// A storage's single volumes: what one is, deleting one, and having a node download a
// file into a storage. The volume id travels in the path (PVE takes the rest of the URI).

/** The storage a volume id names: `local` of `local:iso/debian.iso`. */
function storageOf(volid: string): string {
  return volid.split(':', 1)[0] ?? '';
}

/** GET /nodes/{node}/storage/{storage}/content/{volume}: path, size, format, and a backup's notes and protection. */
export async function volumeInfo(call: ApiCaller, node: string, volid: string): Promise<PveVolumeInfo> {
  return (await call({
    method: 'GET',
    template: '/nodes/{node}/storage/{storage}/content/{volume}',
    params: { node, storage: storageOf(volid), volume: volid },
  })) as PveVolumeInfo;
}

/** DELETE …/content/{volume}: the UPID of the `imgdel` task that removes it. */
export async function deleteVolume(call: ApiCaller, node: string, volid: string): Promise<string> {
  const template = '/nodes/{node}/storage/{storage}/content/{volume}';
  const data = await call({
    method: 'DELETE',
    template,
    params: { node, storage: storageOf(volid), volume: volid },
  });
  return expectUpid(`DELETE ${template}`, data);
}

/** GET /nodes/{node}/query-url-metadata: the node asks the server for the file's name, size and type. */
export async function urlMetadata(call: ApiCaller, node: string, url: string): Promise<PveUrlMetadata> {
  return (await call({
    method: 'GET',
    template: '/nodes/{node}/query-url-metadata',
    params: { node },
    query: { url },
  })) as PveUrlMetadata;
}

/** POST /nodes/{node}/storage/{storage}/download-url: the UPID of the node's `download` task. */
export async function downloadUrl(
  call: ApiCaller,
  node: string,
  storage: string,
  params: PveDownloadParams,
): Promise<string> {
  const template = '/nodes/{node}/storage/{storage}/download-url';
  const data = await call({ method: 'POST', template, params: { node, storage }, body: wireParams(params) });
  return expectUpid(`POST ${template}`, data);
}

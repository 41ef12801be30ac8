/** The MCP resource a cited document is read through: `proxmox-mpc://knowledge/<source>/<path>`. */
export function knowledgeUri(source: string, path: string): string {
  return `proxmox-mpc://knowledge/${encodeURIComponent(source)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

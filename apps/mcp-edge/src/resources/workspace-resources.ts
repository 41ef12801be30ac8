import { randomUUID } from 'node:crypto';
import { ResourceNotFoundError, ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import { QueryFailed, type MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';

const SCHEME = 'proxmox-mpc://workspaces/';

const uriOf = (workspace: string, path: string) => `${SCHEME}${workspace}/${path}`;
const mimeTypeOf = (path: string) =>
  path.endsWith('.json') ? 'application/json' : path.endsWith('.yml') ? 'application/yaml' : 'text/plain';

/**
 * The workspaces' files at their newest commit as MCP resources
 * (`proxmox-mpc://workspaces/<workspace>/<path>`), read from iac-generator over the bus.
 */
export function registerWorkspaceResources(server: McpServer, bus: MessageBus, actorId: string): void {
  const origin = (): Origin => ({ correlationId: randomUUID(), actor: { kind: 'agent', id: actorId } });
  server.registerResource(
    'workspace-file',
    new ResourceTemplate(`${SCHEME}{workspace}/{+path}`, {
      list: async () => {
        const { workspaces } = await bus.query(Subjects.iacWorkspacesList, {}, origin());
        const listings = await Promise.all(
          workspaces.map((workspace) =>
            bus.query(Subjects.iacWorkspaceRead, { workspace: workspace.name }, origin()),
          ),
        );
        return {
          resources: listings.flatMap((listing) =>
            listing.files.map((file) => ({
              uri: uriOf(listing.workspace, file.path),
              name: `${listing.workspace}/${file.path}`,
              mimeType: mimeTypeOf(file.path),
              size: file.bytes,
            })),
          ),
        };
      },
    }),
    {
      title: 'IaC workspace file',
      description: 'A file of an IaC workspace (Terraform, Ansible, policy) at its newest commit',
    },
    async (uri, variables) => {
      const workspace = String(variables['workspace']);
      const path = String(variables['path']);
      try {
        const reply = await bus.query(Subjects.iacWorkspaceRead, { workspace, path }, origin());
        return { contents: [{ uri: uri.href, mimeType: mimeTypeOf(path), text: reply.content ?? '' }] };
      } catch (error) {
        if (
          error instanceof QueryFailed &&
          (error.code === 'NOT_FOUND' || error.code === 'INVALID_MESSAGE')
        ) {
          throw new ResourceNotFoundError(`${uri.href}: ${error.message}`);
        }
        throw error;
      }
    },
  );
}

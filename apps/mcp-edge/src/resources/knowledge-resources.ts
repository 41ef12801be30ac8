import { randomUUID } from 'node:crypto';
import { ResourceNotFoundError, ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import { QueryFailed, type MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';

const SCHEME = 'proxmox-mpc://knowledge/';
// Documents about guests and actions are answered whole by search (and by get_guest and
// audit_search, which apply the caller's allow-lists); these are the ones worth opening.
const READABLE_KINDS = new Set(['docs', 'project', 'iac']);

/**
 * The documents knowledge passages cite, as MCP resources
 * (`proxmox-mpc://knowledge/<source>/<path>`, the passage's `uri`): every unit with its
 * citation, read from the knowledge service over the bus.
 */
export function registerKnowledgeResources(server: McpServer, bus: MessageBus, actorId: string): void {
  const origin = (): Origin => ({ correlationId: randomUUID(), actor: { kind: 'agent', id: actorId } });
  server.registerResource(
    'knowledge-document',
    new ResourceTemplate(`${SCHEME}{source}/{+path}`, { list: undefined }),
    {
      title: 'Cited document',
      description: 'A document a search_knowledge passage cites, whole, each unit headed by its citation',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      const source = decodeURIComponent(String(variables['source']));
      const path = String(variables['path']).split('/').map(decodeURIComponent).join('/');
      try {
        const document = await bus.query(Subjects.ragDocumentRead, { source, path }, origin());
        if (!READABLE_KINDS.has(document.kind))
          throw new ResourceNotFoundError(
            `${uri.href}: ${document.kind} records are read with search_knowledge`,
          );
        const text = [
          `# ${document.title}`,
          ...document.units.map((unit) => `## [${unit.citation}] ${unit.heading}\n\n${unit.text}`),
        ].join('\n\n');
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
      } catch (error) {
        if (error instanceof QueryFailed && (error.code === 'NOT_FOUND' || error.code === 'INVALID_MESSAGE'))
          throw new ResourceNotFoundError(`${uri.href}: ${error.message}`);
        throw error;
      }
    },
  );
}

import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import { FIXTURE_PNG_BASE64 } from './fixture-media';

/**
 * The resources the conformance scenarios read: a text and a binary one, and a template
 * whose variable must show up in what it returns. No `test://watched-resource`: the
 * subscribe scenarios need change notifications, which a stateless endpoint cannot
 * deliver to 2025-era clients (see tools/conformance/expected-failures.yml).
 */
export function registerFixtureResources(server: McpServer): void {
  server.registerResource(
    'static-text',
    'test://static-text',
    {
      title: 'Static Text Resource',
      description: 'Conformance fixture: a text resource',
      mimeType: 'text/plain',
    },
    (uri) => ({
      contents: [
        { uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
      ],
    }),
  );
  server.registerResource(
    'static-binary',
    'test://static-binary',
    {
      title: 'Static Binary Resource',
      description: 'Conformance fixture: a PNG image',
      mimeType: 'image/png',
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: FIXTURE_PNG_BASE64 }] }),
  );
  server.registerResource(
    'template',
    new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    {
      title: 'Resource Template',
      description: 'Conformance fixture: a template whose {id} appears in the content',
      mimeType: 'application/json',
    },
    (uri, variables) => {
      const id = String(variables['id']);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: 'application/json',
            text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
          },
        ],
      };
    },
  );
}

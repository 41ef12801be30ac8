import type { z } from 'zod';
import { code, generatedPage, table } from './markdown';
import { schemaFields } from './schema-fields';

/** What the page needs of a tool definition; mcp-edge's catalogue entries have all of it. */
export interface CatalogTool {
  name: string;
  title: string;
  description: string;
  scope: string;
  kind: 'read' | 'operate';
  input: z.ZodType;
  annotations: {
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: boolean;
  };
}

const HINTS = [
  ['readOnlyHint', 'read-only'],
  ['destructiveHint', 'destructive'],
  ['idempotentHint', 'idempotent'],
  ['openWorldHint', 'open world'],
] as const;

function hintsOf(tool: CatalogTool): string {
  return HINTS.filter(([hint]) => tool.annotations[hint])
    .map(([, words]) => words)
    .join(', ');
}

function toolSection(tool: CatalogTool): string {
  const fields = schemaFields(tool.input);
  const inputs = fields.length
    ? table(
        ['argument', 'type', 'required', 'description'],
        fields.map((field) => [
          code(field.name),
          field.type,
          field.required ? 'yes' : 'no',
          field.description,
        ]),
      )
    : 'No arguments.';
  return [
    `## ${tool.name}`,
    `**${tool.title}**. Scope ${code(tool.scope)}; ${tool.kind === 'operate' ? 'sends a command' : 'answers by itself'}` +
      `${hintsOf(tool) ? `; ${hintsOf(tool)}` : ''}.`,
    tool.description,
    inputs,
  ].join('\n\n');
}

/** docs/reference/mcp-tools.md: every tool `tools/list` can show, in its order. */
export function toolsPage(catalog: readonly CatalogTool[]): string {
  return generatedPage('MCP tools', '`apps/mcp-edge/src/tools/tool-catalog.ts`', [
    `mcp-edge offers these ${catalog.length} tools; a caller sees those its token's scopes (and tool allow-list) ` +
      'permit. Scopes, approvals and tokens: [../mcp.md](../mcp.md).',
    table(
      ['tool', 'title', 'scope', 'annotations'],
      catalog.map((tool) => [`[${tool.name}](#${tool.name})`, tool.title, tool.scope, hintsOf(tool)]),
    ),
    ...catalog.map(toolSection),
  ]);
}

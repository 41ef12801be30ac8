import { setTimeout as sleep } from 'node:timers/promises';
import {
  fromJsonSchema,
  inputRequired,
  inputResponse,
  type CallToolResult,
  type ElicitRequestFormParams,
  type InputRequiredResult,
  type McpServer,
  type ServerContext,
  type StandardSchemaWithJSON,
  type ToolCallback,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { FIXTURE_PNG_BASE64, FIXTURE_WAV_BASE64 } from './fixture-media';

type FixtureResult = CallToolResult | InputRequiredResult;

interface FixtureTool {
  name: string;
  register(server: McpServer): void;
}

/** One fixture tool; its config object is built once, like the platform's own tools. */
function fixtureTool<S extends StandardSchemaWithJSON>(
  name: string,
  description: string,
  inputSchema: S,
  run: ToolCallback<S>,
): FixtureTool {
  const config = { description, inputSchema };
  return { name, register: (server) => void server.registerTool(name, config, run) };
}

const NO_ARGUMENTS = z.object({});
const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });

/** The three steps the logging and progress scenarios expect, ~50 ms apart so they arrive one by one. */
const STEP_DELAY_MS = 50;

/** Key of the one input request an asking fixture makes. */
const ANSWER = 'answer';

/**
 * Asks the client for input the 2026-07-28 way (an `input_required` result, answered on
 * the retried call), as the platform's own confirmations do. The SDK's legacy shim turns
 * it into a request to a 2025-era client whose capabilities it knows (a stdio session);
 * stateless HTTP knows none, so it refuses there (tools/conformance/expected-failures.yml).
 */
function elicitOnce(
  context: ServerContext,
  request: Omit<ElicitRequestFormParams, 'mode'>,
  reportAs: string,
): FixtureResult {
  const answer = inputResponse(context.mcpReq.inputResponses, ANSWER);
  if (answer.kind === 'missing')
    return inputRequired({ inputRequests: { [ANSWER]: inputRequired.elicit({ mode: 'form', ...request }) } });
  if (answer.kind !== 'elicit') throw new Error(`expected an elicitation answer, got ${answer.kind}`);
  return text(`${reportAs}: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`);
}

/** SEP-1613: a schema with `$schema`, `$defs` and `additionalProperties`, which must reach tools/list intact. */
const JSON_SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object' as const,
  $defs: {
    address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
  },
  properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
  additionalProperties: false,
};

/**
 * The tools `@modelcontextprotocol/conformance` calls by name, each answering exactly as
 * its scenario describes. They touch nothing outside the process.
 */
const FIXTURE_TOOLS: FixtureTool[] = [
  fixtureTool('test_simple_text', 'Conformance fixture: simple text content', NO_ARGUMENTS, () =>
    text('This is a simple text response for testing.'),
  ),
  fixtureTool('test_image_content', 'Conformance fixture: image content', NO_ARGUMENTS, () => ({
    content: [{ type: 'image', data: FIXTURE_PNG_BASE64, mimeType: 'image/png' }],
  })),
  fixtureTool('test_audio_content', 'Conformance fixture: audio content', NO_ARGUMENTS, () => ({
    content: [{ type: 'audio', data: FIXTURE_WAV_BASE64, mimeType: 'audio/wav' }],
  })),
  fixtureTool(
    'test_embedded_resource',
    'Conformance fixture: embedded resource content',
    NO_ARGUMENTS,
    () => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    }),
  ),
  fixtureTool(
    'test_multiple_content_types',
    'Conformance fixture: text, image and resource content in one result',
    NO_ARGUMENTS,
    () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: FIXTURE_PNG_BASE64, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
  ),
  fixtureTool(
    'test_tool_with_logging',
    'Conformance fixture: log notifications while it runs',
    NO_ARGUMENTS,
    async (_args, context) => {
      for (const [index, message] of [
        'Tool execution started',
        'Tool processing data',
        'Tool execution completed',
      ].entries()) {
        if (index > 0) await sleep(STEP_DELAY_MS);
        await context.mcpReq.log('info', message);
      }
      return text('Tool with logging executed successfully');
    },
  ),
  fixtureTool(
    'test_tool_with_progress',
    'Conformance fixture: progress notifications while it runs',
    NO_ARGUMENTS,
    async (_args, context) => {
      const progressToken = context.mcpReq._meta?.progressToken;
      for (const [index, progress] of [0, 50, 100].entries()) {
        if (index > 0) await sleep(STEP_DELAY_MS);
        if (progressToken === undefined) continue;
        await context.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken, progress, total: 100, message: `Completed step ${progress} of 100` },
        });
      }
      return text(String(progressToken ?? 'no progress token'));
    },
  ),
  fixtureTool('test_error_handling', 'Conformance fixture: always fails', NO_ARGUMENTS, () => {
    throw new Error('This tool intentionally returns an error for testing');
  }),
  fixtureTool(
    'test_sampling',
    'Conformance fixture: asks the client for an LLM completion',
    z.object({ prompt: z.string().describe('The prompt to send to the LLM') }),
    ({ prompt }, context) => {
      const answer = inputResponse(context.mcpReq.inputResponses, ANSWER);
      if (answer.kind === 'missing') {
        return inputRequired({
          inputRequests: {
            [ANSWER]: inputRequired.createMessage({
              messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
              maxTokens: 100,
            }),
          },
        });
      }
      if (answer.kind !== 'sampling') throw new Error(`expected a sampling answer, got ${answer.kind}`);
      const blocks = [answer.result.content].flat();
      const reply = blocks.find((block) => block.type === 'text');
      return text(`LLM response: ${reply?.type === 'text' ? reply.text : 'No response'}`);
    },
  ),
  fixtureTool(
    'test_elicitation',
    'Conformance fixture: asks the user for input',
    z.object({ message: z.string().describe('The message to show the user') }),
    ({ message }, context) =>
      elicitOnce(
        context,
        {
          message,
          requestedSchema: {
            type: 'object',
            properties: {
              username: { type: 'string', description: "User's response" },
              email: { type: 'string', description: "User's email address" },
            },
            required: ['username', 'email'],
          },
        },
        'User response',
      ),
  ),
  fixtureTool(
    'test_elicitation_sep1034_defaults',
    'Conformance fixture: elicitation with a default for every primitive type (SEP-1034)',
    NO_ARGUMENTS,
    (_args, context) =>
      elicitOnce(
        context,
        {
          message: 'Please review and update the form fields with defaults',
          requestedSchema: {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'User name', default: 'John Doe' },
              age: { type: 'integer', description: 'User age', default: 30 },
              score: { type: 'number', description: 'User score', default: 95.5 },
              status: {
                type: 'string',
                description: 'User status',
                enum: ['active', 'inactive', 'pending'],
                default: 'active',
              },
              verified: { type: 'boolean', description: 'Verification status', default: true },
            },
            required: [],
          },
        },
        'Elicitation completed',
      ),
  ),
  fixtureTool(
    'test_elicitation_sep1330_enums',
    'Conformance fixture: elicitation with the five enum forms (SEP-1330)',
    NO_ARGUMENTS,
    (_args, context) =>
      elicitOnce(
        context,
        {
          message: 'Please select options from the enum fields',
          requestedSchema: {
            type: 'object',
            properties: {
              untitledSingle: {
                type: 'string',
                description: 'Select one option',
                enum: ['option1', 'option2', 'option3'],
              },
              titledSingle: {
                type: 'string',
                description: 'Select one option with titles',
                oneOf: [
                  { const: 'value1', title: 'First Option' },
                  { const: 'value2', title: 'Second Option' },
                  { const: 'value3', title: 'Third Option' },
                ],
              },
              legacyEnum: {
                type: 'string',
                description: 'Select one option (legacy)',
                enum: ['opt1', 'opt2', 'opt3'],
                enumNames: ['Option One', 'Option Two', 'Option Three'],
              },
              untitledMulti: {
                type: 'array',
                description: 'Select multiple options',
                minItems: 1,
                maxItems: 3,
                items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
              },
              titledMulti: {
                type: 'array',
                description: 'Select multiple options with titles',
                minItems: 1,
                maxItems: 3,
                items: {
                  anyOf: [
                    { const: 'value1', title: 'First Choice' },
                    { const: 'value2', title: 'Second Choice' },
                    { const: 'value3', title: 'Third Choice' },
                  ],
                },
              },
            },
            required: [],
          },
        },
        'Elicitation completed',
      ),
  ),
  fixtureTool(
    'json_schema_2020_12_tool',
    'Conformance fixture: input schema with JSON Schema 2020-12 keywords (SEP-1613)',
    fromJsonSchema<{ name?: string; address?: { street?: string; city?: string } }>(JSON_SCHEMA_2020_12),
    (args) => text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`),
  ),
];

export const FIXTURE_TOOL_NAMES: readonly string[] = FIXTURE_TOOLS.map((tool) => tool.name);

export function registerFixtureTools(server: McpServer): void {
  for (const tool of FIXTURE_TOOLS) tool.register(server);
}

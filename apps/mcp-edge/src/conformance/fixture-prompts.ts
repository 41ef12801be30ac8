import { completable, type McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { FIXTURE_PNG_BASE64 } from './fixture-media';

/** Suggestions for `arg1`; the completion scenario only needs the endpoint to answer. */
const ARG1_SUGGESTIONS = ['paris', 'park', 'party'];

const WITH_ARGUMENTS = z.object({
  arg1: completable(z.string().describe('First test argument'), (value) =>
    ARG1_SUGGESTIONS.filter((suggestion) => suggestion.startsWith(value)),
  ),
  arg2: z.string().describe('Second test argument'),
});
const WITH_RESOURCE = z.object({ resourceUri: z.string().describe('URI of the resource to embed') });

/**
 * The prompts the conformance scenarios get: plain, with arguments (one of them
 * completable, which is what declares the `completions` capability), with an embedded
 * resource and with an image.
 */
export function registerFixturePrompts(server: McpServer): void {
  server.registerPrompt(
    'test_simple_prompt',
    { title: 'Simple Test Prompt', description: 'Conformance fixture: a prompt without arguments' },
    () => ({
      messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_arguments',
    {
      title: 'Prompt With Arguments',
      description: 'Conformance fixture: a prompt with two required arguments',
      argsSchema: WITH_ARGUMENTS,
    },
    ({ arg1, arg2 }) => ({
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` },
        },
      ],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_embedded_resource',
    {
      title: 'Prompt With Embedded Resource',
      description: 'Conformance fixture: a prompt that embeds a resource',
      argsSchema: WITH_RESOURCE,
    },
    ({ resourceUri }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: {
              uri: resourceUri,
              mimeType: 'text/plain',
              text: 'Embedded resource content for testing.',
            },
          },
        },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
      ],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_image',
    { title: 'Prompt With Image', description: 'Conformance fixture: a prompt with image content' },
    () => ({
      messages: [
        { role: 'user', content: { type: 'image', data: FIXTURE_PNG_BASE64, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
      ],
    }),
  );
}

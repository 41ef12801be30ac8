import { z } from 'zod';
import { describeView, OperationViewSchema, toView } from '../operation-view';
import { readTool } from '../tool-definition';

export const operationStatusTool = readTool({
  name: 'operation_status',
  title: 'Operation status',
  description:
    'Where an operation you started stands: waiting for approval, running, completed (with its result), failed, ' +
    'denied or expired. Use the operationId an operate tool returned.',
  input: z
    .object({ operationId: z.uuid({ error: 'expected the operationId an operate tool returned' }) })
    .strict(),
  output: OperationViewSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ operationId }, { followOperation, access }) {
    const view = toView(
      await followOperation.execute({ operationId, actorId: access.actorId, admin: access.allows('admin') }),
    );
    return { structured: view, summary: describeView(view) };
  },
});

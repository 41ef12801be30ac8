import { z } from 'zod';
import { describeView, OperationViewSchema, toView } from '../operation-view';
import { readTool, ToolError } from '../tool-definition';

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
  async run({ operationId }, { operations, access }) {
    const record = await operations.status(operationId);
    if (!record || (record.requestedBy !== access.actorId && !access.allows('admin'))) {
      throw new ToolError('NOT_FOUND', `no operation ${operationId} of yours`);
    }
    const view = toView(record);
    return { structured: view, summary: describeView(view) };
  },
});

import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import type { Outcome } from '@proxmox-mpc/bus';
import type { OperationProgress } from '@proxmox-mpc/contracts';
import type { Logger } from '@proxmox-mpc/telemetry';
import type { ConfirmationBinding, ConfirmationChannel } from '../approvals/confirmation';
import type { ClientChannel } from '../tool-calls/tool-call-runner';

/** What this call's client can do for it: ask its user (elicitation), receive progress. */
export function clientChannelOf(
  server: McpServer,
  context: ServerContext,
  binding: ConfirmationBinding,
  confirmations: ConfirmationChannel,
  logger: Logger,
): ClientChannel {
  const confirmer = confirmations.confirmerFor(server, context, binding);
  const onProgress = progressNotifier(context, logger);
  return { ...(confirmer ? { confirmer } : {}), ...(onProgress ? { onProgress } : {}) };
}

/** Progress events as MCP progress notifications, when the client asked for them. */
function progressNotifier(context: ServerContext, logger: Logger): ((progress: Outcome) => void) | undefined {
  const token = context.mcpReq._meta?.progressToken;
  if (token === undefined) return undefined;
  let count = 0;
  return (progress) => {
    const data = progress.envelope.data as OperationProgress;
    count += 1;
    void context.mcpReq
      .notify({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress: count,
          message: `step ${data.stepIndex}/${data.stepCount} ${data.message}`,
        },
      })
      .catch((error: unknown) => logger.debug({ err: error }, 'progress notification not delivered'));
  };
}

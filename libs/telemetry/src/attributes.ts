/** Span attribute and header names, in one place so every hop agrees. */
export const SpanAttributes = {
  messagingSystem: 'messaging.system',
  messagingDestination: 'messaging.destination.name',
  messagingOperation: 'messaging.operation.type',
  messagingMessageId: 'messaging.message.id',
  messagingConsumerGroup: 'messaging.consumer.group.name',
  messagingDeliveryCount: 'messaging.nats.delivery_count',
  messagingBatchMessageCount: 'messaging.batch.message_count',
  messageType: 'messaging.message.type',
  correlationId: 'correlation.id',
  mcpToolName: 'mcp.tool.name',
  mcpTransport: 'mcp.transport',
  outcome: 'proxmox_mpc.outcome',
} as const;

/** `messaging.system` is a custom value for NATS, which the semantic conventions allow. */
export const MESSAGING_SYSTEM_NATS = 'nats';

export const CORRELATION_ID_HEADER = 'correlation-id';

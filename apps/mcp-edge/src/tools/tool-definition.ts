import type { MessageBus } from '@proxmox-mpc/bus';
import type { ErrorCode, Origin } from '@proxmox-mpc/contracts';
import type { z } from 'zod';

/** What a tool needs to do its work: who is asking, and the bus. */
export interface ToolContext {
  origin: Origin;
  bus: MessageBus;
  /** How long to wait for a command's outcome. */
  timeoutMs: number;
}

export interface ToolResult<O> {
  structured: O;
  /** One or two lines a model can read without parsing JSON. */
  summary: string;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  run(args: z.infer<I>, context: ToolContext): Promise<ToolResult<z.infer<O>>>;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition {
  return tool as unknown as ToolDefinition;
}

/** A failure the caller should see as is: Proxmox's own message, or what was wrong. */
export class ToolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

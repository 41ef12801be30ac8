import type { MessageBus } from '@proxmox-mpc/bus';
import type { ErrorCode, Origin } from '@proxmox-mpc/contracts';
import type { z } from 'zod';
import type { AccessPolicy, Scope } from '../access/access-policy';
import type { FollowOperationUseCase } from '../operations/follow-operation.use-case';
import type { OperationRequest } from '../operations/operation-request';
import type { InventoryAnswers } from './read/inventory-answers';
import type { ToolPolicies } from './tool-policies';

/** What tools use of the bus: queries, and commands whose outcome they wait for. */
export type ToolBus = Pick<MessageBus, 'query' | 'execute'>;

/** What a tool needs: who is asking (and may do what), the bus, and the operations it started. */
export interface ToolContext {
  origin: Origin;
  bus: ToolBus;
  access: AccessPolicy;
  followOperation: FollowOperationUseCase;
  policies: ToolPolicies;
  /** Inventory answers this replica may give from memory (guest lists). */
  inventory: InventoryAnswers;
}

export interface ToolResult<O> {
  structured: O;
  /** One or a few lines a model can read without parsing JSON. */
  summary: string;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

interface ToolBase<I extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  annotations: ToolAnnotations;
  /** The least scope a token needs to see and call the tool. */
  scope: Scope;
}

/** A tool that answers by itself: reads, and IaC work that changes no guest. */
export interface ReadTool<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
> extends ToolBase<I> {
  kind: 'read';
  output: O;
  run(args: z.infer<I>, context: ToolContext): Promise<ToolResult<z.infer<O>>>;
}

/** An operation prepared by a tool: the command, and the guest name a human types to confirm it. */
export interface PreparedOperation {
  request: Omit<OperationRequest, 'tool' | 'origin'>;
  confirmation: string;
}

/** A tool that changes something: it prepares a command; the runner approves, sends and follows it. */
export interface OperateTool<I extends z.ZodObject = z.ZodObject> extends ToolBase<I> {
  kind: 'operate';
  /** What the operation reports when it has completed: the `result` of the tool's output. */
  result: z.ZodType;
  prepare(args: z.infer<I>, context: ToolContext): Promise<PreparedOperation>;
}

export type ToolDefinition = ReadTool | OperateTool;

export function readTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: Omit<ReadTool<I, O>, 'kind'>,
): ToolDefinition {
  return { kind: 'read', ...tool } as unknown as ToolDefinition;
}

export function operateTool<I extends z.ZodObject>(tool: Omit<OperateTool<I>, 'kind'>): ToolDefinition {
  return { kind: 'operate', ...tool } as unknown as ToolDefinition;
}

/** A failure the caller should see as it is: Proxmox's own message, or what was wrong. */
export class ToolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

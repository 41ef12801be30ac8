import { listGuestsTool } from './list-guests.tool';
import { powerGuestTool } from './power-guest.tool';
import type { ToolDefinition } from './tool-definition';

/** Every tool mcp-edge offers, in the order `tools/list` shows them. */
export const TOOL_CATALOG: readonly ToolDefinition[] = [listGuestsTool, powerGuestTool];

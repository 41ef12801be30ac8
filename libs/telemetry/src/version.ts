/** The platform release every process reports (metrics, traces, health, the MCP server info, the console). */
export const PLATFORM_VERSION = '0.1.0';

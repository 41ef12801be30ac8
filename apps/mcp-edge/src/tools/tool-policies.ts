import type { McpEdgeConfig } from '../config';
import { DownloadUrlGuard } from '../downloads/download-url-guard';
import type { HostResolver } from '../downloads/host-resolver';

type Settings = Pick<
  McpEdgeConfig,
  | 'MCP_DOWNLOAD_ALLOWED_HOSTS'
  | 'MCP_DOWNLOAD_MAX_BYTES'
  | 'MCP_EXEC_TIMEOUT_SECONDS'
  | 'MCP_EXEC_MAX_OUTPUT_BYTES'
>;

/** The deployment's bounds on what tools may ask of a cluster: which URLs a node downloads, how much exec output comes back. */
export class ToolPolicies {
  readonly download: DownloadUrlGuard;
  readonly downloadMaxBytes: number;
  readonly execTimeoutSeconds: number;
  readonly execMaxOutputBytes: number;

  constructor(settings: Settings, resolver: HostResolver) {
    this.download = new DownloadUrlGuard(settings.MCP_DOWNLOAD_ALLOWED_HOSTS, resolver);
    this.downloadMaxBytes = settings.MCP_DOWNLOAD_MAX_BYTES;
    this.execTimeoutSeconds = settings.MCP_EXEC_TIMEOUT_SECONDS;
    this.execMaxOutputBytes = settings.MCP_EXEC_MAX_OUTPUT_BYTES;
  }
}

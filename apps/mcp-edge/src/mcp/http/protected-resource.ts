import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/server';
import type { McpEdgeConfig } from '../../config';
import { SCOPES } from '../../access/access-policy';

/**
 * This server as an OAuth 2.1 protected resource (RFC 9728): the document clients read
 * to find the authorization server and the scopes to ask for, and where it is served.
 */
export class ProtectedResource {
  readonly metadata: Record<string, unknown>;
  readonly metadataUrl: string;

  constructor(config: McpEdgeConfig) {
    const resource = new URL(config.MCP_RESOURCE_URL as string);
    this.metadataUrl = getOAuthProtectedResourceMetadataUrl(resource);
    this.metadata = {
      resource: resource.href,
      authorization_servers: [config.MCP_OAUTH_ISSUER],
      scopes_supported: SCOPES.map((scope) => `${config.MCP_OAUTH_SCOPE_PREFIX}${scope}`),
      bearer_methods_supported: ['header'],
      resource_name: 'Proxmox-MPC',
    };
  }
}

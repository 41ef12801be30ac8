import { Controller, Get, Inject, Res } from '@nestjs/common';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { Response } from 'express';
import type { McpEdgeConfig } from '../../config';
import { ProtectedResource } from './protected-resource';

/** RFC 9728 protected-resource metadata, at the root and at the path-aware location. */
@Controller()
export class ProtectedResourceController {
  private readonly resource: ProtectedResource | undefined;

  constructor(@Inject(SERVICE_CONFIG) config: McpEdgeConfig) {
    this.resource = config.MCP_AUTH === 'oauth' ? new ProtectedResource(config) : undefined;
  }

  @Get(['.well-known/oauth-protected-resource', '.well-known/oauth-protected-resource/mcp'])
  metadata(@Res() response: Response): void {
    if (!this.resource) {
      response.status(404).json({ error: 'not_found', error_description: 'OAuth is not enabled (MCP_AUTH)' });
      return;
    }
    response.json(this.resource.metadata);
  }
}

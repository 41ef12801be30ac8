import { entityDriftOf } from '@proxmox-mpc/service-runtime';
import { mcpEdgeService } from './mcp-edge.service';

describe(`${mcpEdgeService.name} entities`, () => {
  it('should describe exactly the tables its migrations create', async () => {
    expect(await entityDriftOf(mcpEdgeService, process.env.DATABASE_URL as string)).toEqual([]);
  });
});

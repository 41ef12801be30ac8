import { entityDriftOf } from '@proxmox-mpc/service-runtime';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import { mcpEdgeService } from './mcp-edge.service';

describe('mcp-edge entities', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should describe exactly the tables its migrations create', async () => {
    expect(await entityDriftOf(mcpEdgeService, database.url)).toEqual([]);
  });
});

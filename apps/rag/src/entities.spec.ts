import { entityDriftOf } from '@proxmox-mpc/service-runtime';
import { ragService } from './rag.service';

describe(`${ragService.name} entities`, () => {
  it('should describe exactly the tables its migrations create', async () => {
    expect(await entityDriftOf(ragService, process.env.DATABASE_URL as string)).toEqual([]);
  });
});

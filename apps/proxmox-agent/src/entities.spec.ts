import { entityDriftOf } from '@proxmox-mpc/service-runtime';
import { proxmoxAgentService } from './proxmox-agent.service';

describe(`${proxmoxAgentService.name} entities`, () => {
  it('should describe exactly the tables its migrations create', async () => {
    expect(await entityDriftOf(proxmoxAgentService, process.env.DATABASE_URL as string)).toEqual([]);
  });
});

import { bootstrapService } from '@proxmox-mpc/service-runtime';
import { proxmoxAgentService } from './proxmox-agent.service';

void bootstrapService(proxmoxAgentService);

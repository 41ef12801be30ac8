import { bootstrapService } from '@proxmox-mpc/service-runtime';
import { ragService } from './rag.service';

void bootstrapService(ragService);

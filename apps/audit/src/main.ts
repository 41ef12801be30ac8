import { bootstrapService } from '@proxmox-mpc/service-runtime';
import { auditService } from './audit.service';

void bootstrapService(auditService);

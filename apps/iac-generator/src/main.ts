import { bootstrapService } from '@proxmox-mpc/service-runtime';
import { iacGeneratorService } from './iac-generator.service';

void bootstrapService(iacGeneratorService);

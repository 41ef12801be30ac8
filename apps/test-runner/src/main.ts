import { bootstrapService } from '@proxmox-mpc/service-runtime';
import { testRunnerService } from './test-runner.service';

void bootstrapService(testRunnerService);

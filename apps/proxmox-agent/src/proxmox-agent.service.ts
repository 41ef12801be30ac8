import type { ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { AgentConfigSchema, type AgentConfig } from './config';
import { GuestPowerModule } from './guest-power/guest-power.module';
import { GuestsModule } from './guests/guests.module';
import { ProxmoxModule } from './proxmox/proxmox.module';

export const proxmoxAgentService: ServiceDefinition<AgentConfig> = {
  name: 'proxmox-agent',
  configSchema: AgentConfigSchema,
  defaultHttpPort: 8081,
  features: (config) => [ProxmoxModule.register(config), GuestsModule, GuestPowerModule],
};

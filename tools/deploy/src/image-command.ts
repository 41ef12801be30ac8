import { SERVICE_NODE_FLAGS, type ServiceName } from '@proxmox-mpc/testing';

/**
 * The command that starts `service` in the image (from /app): what the Dockerfile,
 * docker-compose.yml and the Helm chart must say, with the node flags every other way
 * of starting a service uses.
 */
export function imageCommand(service: ServiceName): string[] {
  return [
    'node',
    ...SERVICE_NODE_FLAGS,
    '-r',
    './tools/runtime/register-paths.cjs',
    `dist/apps/${service}/src/main.js`,
  ];
}

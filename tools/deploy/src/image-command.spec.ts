import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, SERVICE_NAMES } from '@proxmox-mpc/testing';
import { parse } from 'yaml';
import { imageCommand } from './image-command';

/** docker-compose.yml and the Dockerfile start the services as every other launcher does. */
describe('the image commands', () => {
  const root = repoRoot();

  it('should start each service in docker-compose.yml with the services’ node flags', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { entrypoint?: string[]; command?: string[] }>;
    };
    for (const service of SERVICE_NAMES) {
      const { entrypoint = [], command = [] } = compose.services[service] ?? {};
      expect({ service, command: [...entrypoint, ...command] }).toEqual({
        service,
        command: imageCommand(service),
      });
    }
  });

  it("should start mcp-edge by default from the Dockerfile's CMD", () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(imageCommand('mcp-edge'));
  });
});

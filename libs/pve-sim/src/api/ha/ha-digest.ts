import { createHash } from 'node:crypto';
import type { HaResource } from '../../state/ha-state';

/**
 * The digest of `/etc/pve/ha/resources.cfg` as PVE::SectionConfig writes it (one
 * `<type>: <name>` section per resource, its keys indented): the SHA-1 of that text.
 */
export function configDigestOf(resources: readonly HaResource[]): string {
  const text = resources
    .map((resource) => {
      const keys = { ...resource.options, state: resource.state };
      const lines = Object.keys(keys)
        .sort()
        .map((key) => `\t${key} ${keys[key as keyof typeof keys]}`);
      return `${resource.type}: ${resource.sid.slice(resource.type.length + 1)}\n${lines.join('\n')}\n`;
    })
    .join('\n');
  return createHash('sha1').update(text).digest('hex');
}

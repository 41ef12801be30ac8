import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// `@OnCommand(Subjects.proxmoxGuestPower)`, `@OnEvent(…)`, `@OnQuery(…)`: libs/bus's handler decorators.
const HANDLER_DECORATOR = /@On(?:Command|Event|Query)\(\s*Subjects\.(\w+)/g;

/**
 * Which services handle each subject, by subject name (`proxmoxGuestPower`), read from the
 * handler decorators in `apps/<service>/src` (tests excluded). Reading the source rather than
 * loading the services keeps the reference free of their start-up.
 */
export function subjectHandlers(workspaceRoot: string): Map<string, string[]> {
  const handlers = new Map<string, string[]>();
  const apps = path.join(workspaceRoot, 'apps');
  for (const service of readdirSync(apps).sort()) {
    const sources = path.join(apps, service, 'src');
    const files = readdirSync(sources, { recursive: true, encoding: 'utf8' }).filter(
      (file) =>
        file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.split(path.sep).includes('__tests__'),
    );
    for (const file of files.sort()) {
      for (const [, name] of readFileSync(path.join(sources, file), 'utf8').matchAll(HANDLER_DECORATOR)) {
        const services = handlers.get(name) ?? [];
        if (!services.includes(service)) handlers.set(name, [...services, service]);
      }
    }
  }
  return handlers;
}

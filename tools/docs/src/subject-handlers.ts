import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// `@OnCommand(Subjects.proxmoxGuestPower)`, `@OnEvent(…)`, `@OnEvents(…)`, `@OnQuery(…)`: libs/bus's handler
// decorators, naming one subject or (`@OnEvent`) a list of them.
const HANDLER_DECORATOR = /@On(?:Command|Events?|Query)\(\s*(\[[^\]]*\]|Subjects\.\w+)/g;
const SUBJECT_NAME = /Subjects\.(\w+)/g;

/** The subject names the handler decorators under `sources` name (tests excluded). */
function handledIn(sources: string): string[] {
  const files = readdirSync(sources, { recursive: true, encoding: 'utf8' }).filter(
    (file) =>
      file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.split(path.sep).includes('__tests__'),
  );
  return files
    .sort()
    .flatMap((file) =>
      [...readFileSync(path.join(sources, file), 'utf8').matchAll(HANDLER_DECORATOR)].flatMap(([, named]) =>
        [...(named as string).matchAll(SUBJECT_NAME)].map(([, name]) => name as string),
      ),
    );
}

/**
 * Which services handle each subject, by subject name (`proxmoxGuestPower`), read from the
 * handler decorators in `apps/<service>/src` and, for what every service answers, in
 * `libs/service-runtime/src`. Reading the source rather than loading the services keeps the
 * reference free of their start-up.
 */
export function subjectHandlers(workspaceRoot: string): Map<string, string[]> {
  const handlers = new Map<string, string[]>();
  const apps = path.join(workspaceRoot, 'apps');
  for (const service of readdirSync(apps).sort()) {
    for (const name of handledIn(path.join(apps, service, 'src'))) {
      const services = handlers.get(name) ?? [];
      if (!services.includes(service)) handlers.set(name, [...services, service]);
    }
  }
  for (const name of handledIn(path.join(workspaceRoot, 'libs', 'service-runtime', 'src'))) {
    handlers.set(name, ['every service']);
  }
  return handlers;
}

import type { z } from 'zod';
import { code, generatedPage, table } from './markdown';
import { type SchemaField, schemaFields } from './schema-fields';

/** What the page needs of a service definition. */
export interface ConfiguredService {
  name: string;
  configSchema: z.ZodType;
  defaultHttpPort: number;
}

interface Variable {
  field: SchemaField;
  services: string[];
}

/** A default as it would be written in the environment. */
function environmentValue(value: unknown): string {
  if (Array.isArray(value)) return value.length ? code(value.join(',')) : 'empty';
  if (typeof value === 'object' && value !== null) return code(JSON.stringify(value));
  if (value === '') return 'empty';
  return code(String(value));
}

function defaultCell(variable: Variable, services: readonly ConfiguredService[]): string {
  if (variable.field.name === 'HTTP_PORT')
    return services.map((service) => `${service.defaultHttpPort} (${service.name})`).join(', ');
  if (variable.field.default !== undefined) return environmentValue(variable.field.default);
  return variable.field.required ? 'required' : '';
}

/** Every variable once, with the services that read it; one name must mean one thing everywhere. */
function variablesOf(services: readonly ConfiguredService[]): Variable[] {
  const variables = new Map<string, Variable>();
  for (const service of services) {
    for (const field of schemaFields(service.configSchema)) {
      if (!field.description)
        throw new Error(
          `${field.name} (${service.name}) has no description: add .describe() to its schema field`,
        );
      const known = variables.get(field.name);
      if (!known) {
        variables.set(field.name, { field, services: [service.name] });
        continue;
      }
      if (
        known.field.description !== field.description ||
        JSON.stringify(known.field.default) !== JSON.stringify(field.default)
      )
        throw new Error(`${field.name} means different things in ${known.services[0]} and ${service.name}`);
      known.services.push(service.name);
    }
  }
  return [...variables.values()];
}

/**
 * docs/reference/configuration.md: every environment variable of every service, from the
 * services' zod config schemas (libs/service-runtime's BaseConfigSchema and each
 * apps/<service>/src/config.ts).
 */
export function configurationPage(
  services: readonly ConfiguredService[],
  secretFileSettings: readonly string[],
): string {
  const variables = variablesOf(services);
  return generatedPage(
    'Configuration reference',
    "the services' config schemas (`libs/service-runtime/src/config/base-config.ts`, `apps/*/src/config.ts`)",
    [
      'Every service reads its settings from the environment once, at start-up; a missing or malformed ' +
        'variable stops it (exit 2) with a message naming the variable. Empty variables count as unset. ' +
        'How to run and secure the services: [../configuration.md](../configuration.md).',
      table(
        ['variable', 'services', 'default', 'meaning'],
        variables.map((variable) => [
          code(variable.field.name),
          variable.services.length === services.length ? 'all' : variable.services.join(', '),
          defaultCell(variable, services),
          variable.field.description,
        ]),
      ),
      `Secrets can be read from a file instead: set \`<NAME>_FILE\` to its path for ` +
        `${secretFileSettings.map(code).join(', ')} (Docker and Kubernetes secrets, or a 0600 file), so they ` +
        'stay out of process listings. Setting both forms of one is refused.',
    ],
  );
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@proxmox-mpc/testing';

/** Every `${NAME…}` or `$NAME` compose substitutes; `$$` is a literal dollar sign, not a variable. */
function composeVariables(compose: string): string[] {
  const names = [...compose.matchAll(/(?<!\$)\$(?:\{([A-Za-z_]\w*)|([A-Za-z_]\w*))/g)].map(
    (match) => (match[1] ?? match[2]) as string,
  );
  return [...new Set(names)].sort();
}

function exampleVariables(example: string): string[] {
  return [...example.matchAll(/^([A-Za-z_]\w*)=/gm)].map((match) => match[1] as string).sort();
}

/** `.env.example` is where a compose user learns every setting: it must name each one. */
describe('.env.example', () => {
  const root = repoRoot();
  const used = composeVariables(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
  const listed = exampleVariables(readFileSync(join(root, '.env.example'), 'utf8'));

  it('should find the variables docker-compose.yml reads', () => {
    expect(used).toEqual(expect.arrayContaining(['MCP_BEARER_TOKEN', 'POSTGRES_PASSWORD', 'MPC_IMAGE_TAG']));
  });

  it('should list every variable docker-compose.yml reads', () => {
    expect({ missingFromEnvExample: used.filter((name) => !listed.includes(name)) }).toEqual({
      missingFromEnvExample: [],
    });
  });

  it('should list nothing docker-compose.yml does not read', () => {
    expect({ unusedByCompose: listed.filter((name) => !used.includes(name)) }).toEqual({
      unusedByCompose: [],
    });
  });

  it('should list each variable once', () => {
    expect(listed.filter((name, index) => listed.indexOf(name) !== index)).toEqual([]);
  });
});

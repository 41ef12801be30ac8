import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** The role the stdio MCP server logs in as: mcp-edge's tables, nothing more. */
export const STDIO_DATABASE_ROLE = 'mpc_mcp_stdio';
const EDGE_SCHEMA = 'mcp_edge';

/**
 * Gives the stdio MCP server its own database login, so the config a user pastes into an
 * MCP client neither holds nor points at the PostgreSQL superuser: a role limited to
 * mcp-edge's schema (which mcp-edge has migrated by now), with a fresh password at every
 * start, written to a 0600 file that the config names in DATABASE_URL_FILE.
 */
export async function provisionStdioDatabaseUrl(adminUrl: string, dataDir: string): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const role = admin.escapeIdentifier(STDIO_DATABASE_ROLE);
    const schema = admin.escapeIdentifier(EDGE_SCHEMA);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
      STDIO_DATABASE_ROLE,
    ]);
    if (!rowCount) await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(
      `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${admin.escapeLiteral(password)}`,
    );
    await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await admin.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.username = STDIO_DATABASE_ROLE;
  url.password = password;
  const file = join(dataDir, 'stdio-database-url');
  writeFileSync(file, `${url.toString()}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type AccessConfig, type ApiToken, DEFAULT_SIM_TOKEN } from './auth/access-config';
import { isScenarioName, type ScenarioName } from './scenarios/scenarios';
import { PveSimulator, type PveSimulatorOptions } from './simulator/pve-simulator';
import type { TlsCertificate } from './simulator/self-signed-certificate';

// Usage: node dist/libs/pve-sim/src/main.js [--port 8006] [--host 127.0.0.1]
//          [--scenario homelab|large] [--self-signed | --tls-key key.pem --tls-cert cert.pem]
// PVE_SIM_TOKEN_ID and PVE_SIM_TOKEN_SECRET replace the default API token (the token
// gets its user's rights, and a user other than root@pam gets Administrator on /).
// PVE_SIM_ROOT_PASSWORD sets root@pam's password for ticket logins.

// PVE's own API port.
const DEFAULT_PORT = 8006;

interface CliConfig {
  readonly port: number;
  readonly host: string;
  readonly scenario: ScenarioName;
  readonly token: ApiToken;
  readonly tls?: TlsCertificate | 'self-signed';
  readonly rootPassword?: string;
}

function readConfig(): CliConfig {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string', default: 'homelab' },
      'self-signed': { type: 'boolean', default: false },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port: not a TCP port: '${values.port}'`);
  if (!isScenarioName(values.scenario)) throw new Error(`--scenario: unknown scenario '${values.scenario}'`);
  if ((values['tls-key'] === undefined) !== (values['tls-cert'] === undefined)) {
    throw new Error('--tls-key and --tls-cert must be given together');
  }
  if (values['self-signed'] && values['tls-key'] !== undefined) {
    throw new Error('--self-signed and --tls-key/--tls-cert exclude each other');
  }
  const tls: CliConfig['tls'] = values['self-signed']
    ? 'self-signed'
    : values['tls-key'] !== undefined && values['tls-cert'] !== undefined
      ? { key: readFileSync(values['tls-key'], 'utf8'), cert: readFileSync(values['tls-cert'], 'utf8') }
      : undefined;

  const tokenId = process.env['PVE_SIM_TOKEN_ID'];
  const secret = process.env['PVE_SIM_TOKEN_SECRET'];
  if ((tokenId === undefined) !== (secret === undefined)) {
    throw new Error('PVE_SIM_TOKEN_ID and PVE_SIM_TOKEN_SECRET must be set together');
  }
  const token: ApiToken =
    tokenId !== undefined && secret !== undefined ? { tokenId, secret, privsep: false } : DEFAULT_SIM_TOKEN;
  const rootPassword = process.env['PVE_SIM_ROOT_PASSWORD'];
  return {
    port,
    host: values.host,
    scenario: values.scenario,
    token,
    ...(tls && { tls }),
    ...(rootPassword && { rootPassword }),
  };
}

/** A token from the environment stands in for the default one: it gets full rights. */
function tokenOwnerAccess(token: ApiToken): AccessConfig {
  const user = token.tokenId.split('!', 1)[0] ?? '';
  return user === 'root@pam' ? {} : { acl: [{ path: '/', role: 'Administrator', user }] };
}

async function main(): Promise<void> {
  const config = readConfig();
  const options: PveSimulatorOptions = {
    scenario: config.scenario,
    tokens: [config.token],
    access: tokenOwnerAccess(config.token),
    ...(config.tls && { tls: config.tls }),
    ...(config.rootPassword && { rootPassword: config.rootPassword }),
  };
  const started = performance.now();
  const simulator = new PveSimulator(options);
  const url = await simulator.start(config.port, config.host);
  const took = Math.round(performance.now() - started);
  console.log(
    `pve-sim listening on ${url} (scenario ${config.scenario}, ${simulator.state.guests().length} guests, ` +
      `token ${config.token.tokenId}, ready in ${took} ms)`,
  );
  if (config.tls === 'self-signed') {
    console.log('pve-sim: self-signed certificate (give it to clients as their CA):');
    console.log(simulator.certificate);
  }

  const shutdown = () => {
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('pve-sim: stop failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`pve-sim: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

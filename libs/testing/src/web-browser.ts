import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { localDataDir } from './repo-root';
import { chromium, type Browser, type Page } from 'playwright-core';

// Its own entry point (@proxmox-mpc/testing/web-browser): only the browser specs and the web
// bench load playwright-core.

/** Where the web console specs keep their screenshots (.data is git-ignored). */
export const SCREENSHOTS = join(localDataDir(), 'artifacts', 'ui');

/** Debian's Chromium, headless; as root it needs --no-sandbox (no user namespace for its sandbox). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  return chromium.launch({
    executablePath,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** Signs in through the form with the keyboard only: the token field has focus, Enter submits. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/ui`);
  await page.waitForURL(/\/ui\/sign-in/);
  // Chromium gives autofocus at a rendering update, which on a busy machine can come after
  // the load event: keys typed before it go nowhere.
  await page.waitForFunction(() => document.activeElement?.id === 'token');
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/ui/sign-in'));
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { Chromium, pollUntil } from '@proxmox-mpc/testing';
import { describeWithTool } from '@proxmox-mpc/testing/needs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ADMIN_TOKEN,
  AGENT_TOKEN,
  InProcessPlatform,
  operationOf,
  type ToolResult,
} from './in-process-platform';
import { launchChromium, SCREENSHOTS, signIn } from '@proxmox-mpc/testing/web-browser';

// A guest named like markup, from Proxmox: it must show as these characters, never as an element.
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_DESCRIPTION = '<script>alert(2)</script>';
const STOPPED_VM = 125;
const JAEGER_URL = 'http://jaeger.example.test:16686';
const HOSTILE_VM = 101;

/**
 * The web console in a real browser (Debian's Chromium through playwright-core): sign-in,
 * an agent's request approved from the Approvals page as it appears, the operation run
 * once and its whole story in the audit page; CSRF, Origin and sign-in refusals; hostile
 * names rendered as text; screenshots of every page in .data/artifacts/ui.
 */
describeWithTool(Chromium, 'web console', () => {
  let platform: InProcessPlatform;
  let agent: Client;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    platform = await InProcessPlatform.start({ audit: { JAEGER_URL }, iac: true, edgeEnv: { JAEGER_URL } });
    base = platform.edge.url;
    const guest = platform.simulator.state.guest(HOSTILE_VM);
    if (!guest) throw new Error(`the homelab scenario has no guest ${HOSTILE_VM}`);
    guest.config['name'] = HOSTILE_NAME;
    guest.config['description'] = HOSTILE_DESCRIPTION;
    agent = await platform.client();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    console.log(`web console screenshots: ${SCREENSHOTS}`);
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.close();
    await platform?.stop();
  });

  const shot = (name: string, target: Page = page) =>
    target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('should send every page and action to sign-in without a session', async () => {
    for (const path of [
      '/ui',
      '/ui/approvals',
      '/ui/operations',
      '/ui/guests',
      '/ui/drift',
      '/ui/audit',
      '/ui/tokens',
    ]) {
      const response = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect([path, response.status]).toEqual([path, 303]);
      expect(response.headers.get('location')).toMatch(/^\/ui\/sign-in/);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: base };
    for (const path of [
      '/ui/approvals/00000000-0000-4000-8000-000000000000',
      '/ui/tokens',
      '/ui/audit/verify',
    ]) {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: form,
        body: 'decision=approve',
        redirect: 'manual',
      });
      expect([path, response.status]).toEqual([path, 303]);
    }
    expect((await fetch(`${base}/ui/events`)).status).toBe(401);
  });

  it('should sign in with the keyboard and show the overview', async () => {
    await page.goto(`${base}/ui/sign-in`);
    await shot('sign-in');
    await signIn(page, base, ADMIN_TOKEN);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'mpc_ui_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/ui' });
    await shot('overview');
  });

  it("should show an agent's delete_guest on Approvals within 2 s, approve it, and run it once", async () => {
    await page.goto(`${base}/ui/approvals`);
    const held = (await agent.callTool({
      name: 'delete_guest',
      arguments: { guest: STOPPED_VM },
    })) as ToolResult;
    const asked = Date.now();
    const operation = operationOf(held);
    expect(operation.status).toBe('awaiting-approval');
    const card = page.locator(`[data-key="${operation.operationId}"]`);
    await card.waitFor({ timeout: 2_000 });
    const appearedMs = Date.now() - asked;
    expect(await card.textContent()).toContain('staging-web-01');
    expect(await card.locator('pre.command').textContent()).toContain(`"vmid": ${STOPPED_VM}`);
    expect(await card.locator('summary').textContent()).toBe('Runs cmd.proxmox.guest.delete');
    await shot('approvals');

    // Keyboard only: from the reason field, Tab reaches Approve, Enter presses it.
    await page.focus(`#reason-${operation.operationId}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Approve');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'approved: delete' }).waitFor();

    const done = await pollUntil(
      async () =>
        operationOf(
          (await agent.callTool({
            name: 'operation_status',
            arguments: { operationId: operation.operationId },
          })) as ToolResult,
        ),
      (view) => view.status === 'completed' || view.status === 'failed',
    );
    expect(done.status).toBe('completed');
    expect(platform.simulator.state.guest(STOPPED_VM)).toBeUndefined();
    const destroys = platform.simulator.state
      .tasks()
      .filter((task) => task.id === String(STOPPED_VM) && task.type === 'qmdestroy');
    expect(destroys).toHaveLength(1);
    console.log(`approval request visible on the page after ${appearedMs} ms`);

    const correlationId = held._meta?.['dev.proxmox-mpc/correlation-id'] as string;
    const audit = `${base}/ui/audit?correlationId=${encodeURIComponent(correlationId)}`;
    const wanted = [
      'evt.mcp.approval.requested',
      'evt.mcp.approval.decided',
      'cmd.proxmox.guest.delete',
      'evt.proxmox.operation.completed',
    ];
    const text = await pollUntil(
      async () => {
        await page.goto(audit);
        return (await page.locator('table.audit').textContent()) ?? '';
      },
      (content) => wanted.every((subject) => content.includes(subject)),
    );
    for (const subject of wanted) expect(text).toContain(subject);
    expect(text).toContain('token:admin');
    expect(text).toContain('token:agent');
    await shot('audit');
    await page.goto(`${base}/ui/operations`);
    expect(await page.locator('#ended').textContent()).toContain('staging-web-01');
    const trace = page.locator(`#ended tr[data-key="${operation.operationId}"] a`, {
      hasText: 'trace in Jaeger',
    });
    expect(new URL((await trace.getAttribute('href')) ?? '').searchParams.get('tags')).toBe(
      JSON.stringify({ 'correlation.id': correlationId }),
    );
    await shot('operations');
  });

  it('should refuse an action without the CSRF token, from another origin, or by a non-admin', async () => {
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'mpc_ui_session');
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `mpc_ui_session=${cookie?.value}`,
      origin: base,
    };
    const id = '00000000-0000-4000-8000-000000000000';
    const noCsrf = await fetch(`${base}/ui/approvals/${id}`, {
      method: 'POST',
      headers,
      body: 'decision=approve',
      redirect: 'manual',
    });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toContain('no valid CSRF token');
    const wrongCsrf = await fetch(`${base}/ui/tokens`, {
      method: 'POST',
      headers,
      body: 'name=x&scopes=admin&csrf=guess',
      redirect: 'manual',
    });
    expect(wrongCsrf.status).toBe(403);
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const foreign = await fetch(`${base}/ui/tokens`, {
      method: 'POST',
      headers: { ...headers, origin: 'https://evil.example' },
      body: `name=x&scopes=admin&csrf=${csrf}`,
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);

    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    try {
      await signIn(agentPage, base, AGENT_TOKEN);
      await agentPage.goto(`${base}/ui/approvals`);
      expect(await agentPage.locator('form.decide').count()).toBe(0);
      expect(await agentPage.getByRole('link', { name: 'Tokens' }).count()).toBe(0);
      const agentCookie = (await agentContext.cookies()).find(
        (candidate) => candidate.name === 'mpc_ui_session',
      );
      const agentCsrf = await agentPage.locator('input[name="csrf"]').first().inputValue();
      const refused = await fetch(`${base}/ui/approvals/${id}`, {
        method: 'POST',
        headers: { ...headers, cookie: `mpc_ui_session=${agentCookie?.value}` },
        body: `decision=approve&csrf=${agentCsrf}`,
        redirect: 'manual',
      });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('needs the admin scope');
    } finally {
      await agentContext.close();
    }
  });

  it('should render a hostile guest name and description as text', async () => {
    await pollUntil(
      async () => {
        await page.goto(`${base}/ui/guests?name=img`);
        return page.locator('table.guests').textContent();
      },
      (content) => (content ?? '').includes(HOSTILE_NAME),
    );
    expect(await page.locator('table.guests').textContent()).toContain(HOSTILE_NAME);
    expect(await page.locator('main img').count()).toBe(0);
    await shot('guests-filtered');
    await page.goto(`${base}/ui/guests`);
    await shot('guests');
    await page.goto(`${base}/ui/guests/homelab/${HOSTILE_VM}`);
    expect(await page.locator('h1').textContent()).toBe(`${HOSTILE_NAME} (${HOSTILE_VM})`);
    expect(await page.locator('main').textContent()).toContain(HOSTILE_DESCRIPTION);
    expect(await page.locator('main img, main script').count()).toBe(0);
    await shot('guest');
    expect(dialogs).toEqual([]);
  });

  it('should create a token, show its secret once, and end its sessions when revoked', async () => {
    await page.goto(`${base}/ui/tokens`);
    await page.getByLabel('Name').fill('web-viewer');
    await shot('tokens');
    await page.getByRole('button', { name: 'Create' }).click();
    const secret = await page.locator('#secret').inputValue();
    expect(secret).toMatch(/^mpc_/);
    await shot('token-created');

    const viewerContext = await browser.newContext();
    const viewer = await viewerContext.newPage();
    try {
      await signIn(viewer, base, secret);
      await viewer.goto(`${base}/ui/operations`);
      expect(viewer.url()).toBe(`${base}/ui/operations`);

      await page.goto(`${base}/ui/tokens`);
      await page.getByRole('button', { name: 'Revoke web-viewer' }).click();
      await page.getByRole('status').filter({ hasText: 'revoked web-viewer' }).waitFor();

      await viewer.goto(`${base}/ui/operations`);
      expect(viewer.url()).toMatch(/\/ui\/sign-in/);
      expect(await viewer.getByRole('alert').textContent()).toMatch(/token:web-viewer was revoked/);
    } finally {
      await viewerContext.close();
    }
  });

  it('should show drift attribute by attribute with the plan that reconciles it, and verify the audit chain', async () => {
    const admin = await platform.client(ADMIN_TOKEN);
    try {
      const imported = (await admin.callTool({
        name: 'iac_import',
        arguments: { workspace: 'lab' },
      })) as ToolResult;
      expect(imported.isError).toBeFalsy();
    } finally {
      await admin.close();
    }
    const container = platform.simulator.state
      .guests()
      .find((candidate) => candidate.type === 'lxc' && candidate.config['template'] !== '1');
    if (!container) throw new Error('no container in the scenario');
    const cores = Number(container.config['cores']);
    container.config['cores'] = String(cores + 1);
    await page.goto(`${base}/ui/drift?workspace=lab`);
    const card = page.locator('section.card', { hasText: `Guest ${container.vmid}` });
    expect(await card.locator('tbody').textContent()).toMatch(
      new RegExp(`cpu\\[0\\]\\.cores\\s*${cores}\\s*${cores + 1}`),
    );
    expect(await page.locator('pre.plan').textContent()).toContain(`cpu[0].cores ${cores + 1} → ${cores}`);
    await shot('drift');

    // An agent asks to apply the workspace: the card shows what applying would change; the operator denies it.
    await page.goto(`${base}/ui/approvals`);
    const held = operationOf(
      (await agent.callTool({ name: 'iac_apply', arguments: { workspace: 'lab' } })) as ToolResult,
    );
    expect(held.status).toBe('awaiting-approval');
    const applyCard = page.locator(`[data-key="${held.operationId}"]`);
    // The 2 s promise is the delete_guest test's; this card also renders the workspace's
    // plan, which a machine busy with the rest of the suite can take longer to compute.
    await applyCard.waitFor();
    expect(await applyCard.locator('pre.plan').textContent()).toContain(
      `cpu[0].cores ${cores + 1} → ${cores}`,
    );
    await shot('approval-apply');
    await page.fill(`#reason-${held.operationId}`, 'not during business hours');
    await applyCard.getByRole('button', { name: 'Deny' }).click();
    await page.getByRole('status').filter({ hasText: 'denied: ' }).waitFor();
    expect(container.config['cores']).toBe(String(cores + 1));
    await page.goto(`${base}/ui/audit`);
    await page.getByRole('button', { name: 'Verify the chain now' }).click();
    await page.getByRole('status').filter({ hasText: 'the chain holds' }).waitFor();
  });

  it('should fit a phone screen and load only its own script and style', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const phonePage = await phone.newPage();
    try {
      await signIn(phonePage, base, ADMIN_TOKEN);
      for (const path of ['/ui', '/ui/approvals', '/ui/guests', '/ui/operations']) {
        await phonePage.goto(`${base}${path}`);
        const overflow = await phonePage.evaluate(() => document.body.scrollWidth - window.innerWidth);
        expect([path, overflow <= 0]).toEqual([path, true]);
      }
      await phonePage.goto(`${base}/ui/approvals`);
      await shot('phone-approvals', phonePage);
    } finally {
      await phone.close();
    }
    expect(consoleErrors).toEqual([]);
  });
});

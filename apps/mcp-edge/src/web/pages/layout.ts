import { html, type HtmlValue, type SafeHtml } from '../html';
import type { ConsoleSession } from '../sessions/resume-session.use-case';

export const CONSOLE_VIEWS = [
  'overview',
  'approvals',
  'operations',
  'guests',
  'drift',
  'audit',
  'tokens',
] as const;
export type ConsoleView = (typeof CONSOLE_VIEWS)[number];

const NAV: ReadonlyArray<{ view: ConsoleView; label: string; path: string; adminOnly?: boolean }> = [
  { view: 'overview', label: 'Overview', path: '/ui' },
  { view: 'approvals', label: 'Approvals', path: '/ui/approvals' },
  { view: 'operations', label: 'Operations', path: '/ui/operations' },
  { view: 'guests', label: 'Guests', path: '/ui/guests' },
  { view: 'drift', label: 'Drift', path: '/ui/drift' },
  { view: 'audit', label: 'Audit', path: '/ui/audit' },
  { view: 'tokens', label: 'Tokens', path: '/ui/tokens', adminOnly: true },
];

/** A message shown once above a page: what an action did, or why it was refused. */
export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

// Bumped with the assets' content so browsers that cached an older copy fetch the new one.
export const ASSET_VERSION = '1';

function shell(title: string, body: HtmlValue): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="/ui/assets/favicon.svg?v=${ASSET_VERSION}" type="image/svg+xml" />
        <title>${title} · Proxmox-MPC</title>
        <link rel="stylesheet" href="/ui/assets/console.css?v=${ASSET_VERSION}" />
        <script src="/ui/assets/console.js?v=${ASSET_VERSION}" defer></script>
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}

export function noticeBlock(notice: Notice | undefined): SafeHtml {
  if (!notice) return html``;
  return html`<p class="notice notice-${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">
    ${notice.text}
  </p>`;
}

/** Every signed-in page: skip link, navigation, who is signed in, sign-out, the page. */
export function consolePage(options: {
  view: ConsoleView;
  title: string;
  session: ConsoleSession;
  notice?: Notice | undefined;
  content: HtmlValue;
}): SafeHtml {
  const { view, title, session, notice, content } = options;
  const links = NAV.filter((item) => !item.adminOnly || session.admin).map(
    (item) =>
      html`<li>
        <a href="${item.path}" ${item.view === view ? html` aria-current="page"` : ''}>${item.label}</a>
      </li>`,
  );
  return shell(
    title,
    html`<a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/ui">Proxmox-MPC</a>
        <nav aria-label="Console">
          <ul>
            ${links}
          </ul>
        </nav>
        <form class="who" method="post" action="/ui/sign-out">
          <span>${session.session.actorId}${session.admin ? ' (admin)' : ''}</span>
          <input type="hidden" name="csrf" value="${session.session.csrfToken}" />
          <button type="submit">Sign out</button>
        </form>
      </header>
      <main id="main" tabindex="-1">
        <h1>${title}</h1>
        ${noticeBlock(notice)} ${content}
      </main>`,
  );
}

/** A page outside a session: sign-in, or an error before one exists. */
export function barePage(title: string, content: HtmlValue): SafeHtml {
  return shell(title, html`<main id="main" class="bare">${content}</main>`);
}

/** The hidden field every form of a session carries. */
export function csrfField(session: ConsoleSession): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${session.session.csrfToken}" />`;
}

/** A time as operators read it, in UTC so every replica and reader agrees. */
export function timeText(iso: string | Date | undefined): SafeHtml {
  if (iso === undefined) return html`—`;
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const text = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return html`<time datetime="${date.toISOString()}">${text}</time>`;
}

/**
 * A table of `rows` under `columns`, with `empty` in a single row when there are none. A
 * `live` body names the events that make the page fetch it again (the console script).
 */
export function listTable(options: {
  columns: readonly string[];
  rows: readonly SafeHtml[];
  empty: string;
  live?: { id: string; events: string; polite?: boolean };
  className?: string;
  caption?: string;
}): SafeHtml {
  const { columns, rows, empty, live, className, caption } = options;
  return html`<div class="table-wrap">
    <table${className ? html` class="${className}"` : ''}>
      ${
        caption
          ? html`<caption>
              ${caption}
            </caption>`
          : ''
      }
      <thead>
        <tr>
          ${columns.map((column) => html`<th scope="col">${column}</th>`)}
        </tr>
      </thead>
      <tbody
        ${live ? html`id="${live.id}" data-live="${live.events}"${live.polite ? html` aria-live="polite"` : ''}` : ''}
      >
        ${
          rows.length === 0
            ? html`<tr data-key="none">
                <td colspan="${columns.length}">${empty}</td>
              </tr>`
            : rows
        }
      </tbody>
    </table>
  </div>`;
}

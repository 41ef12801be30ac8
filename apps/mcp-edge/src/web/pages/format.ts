import { html, safeUrl, type SafeHtml } from '../html';
import type { ConsoleSession } from '../sessions/resume-session.use-case';

/**
 * Whether a session may see what `owner` asked for: an admin sees everyone's, anyone else
 * only its own — the same rule as the MCP tools `operation_status` and `audit_search`.
 */
export function sees(session: ConsoleSession, owner: string | undefined): boolean {
  return session.admin || owner === session.session.actorId;
}

/** A status as a word with a class for its colour; the word itself carries the meaning. */
export function statusBadge(status: string): SafeHtml {
  const tone = /^(running|online|ok|completed|approved|pending)$/.test(status)
    ? status === 'pending'
      ? 'warn'
      : 'good'
    : /^(failed|denied|expired|offline|error|unavailable|missing)$/.test(status)
      ? 'bad'
      : 'neutral';
  return html`<span class="badge badge-${tone}">${status}</span>`;
}

export function bytesText(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Links to one action's record: its audit timeline here, and its trace in Jaeger when configured. */
export function traceLinks(correlationId: string, jaegerUrl: string | undefined): SafeHtml {
  const audit = `/ui/audit?${new URLSearchParams({ correlationId }).toString()}`;
  const jaeger = jaegerUrl
    ? `${jaegerUrl}/search?${new URLSearchParams({
        service: 'mcp-edge',
        tags: JSON.stringify({ 'correlation.id': correlationId }),
      }).toString()}`
    : undefined;
  return html`<a href="${safeUrl(audit)}">audit trail</a>${
      jaeger ? html` · <a href="${safeUrl(jaeger)}" rel="noreferrer" target="_blank">trace in Jaeger</a>` : ''
    }`;
}

/** A section that could not be read, saying why, while the rest of the page still shows. */
export function unavailable(what: string, reason: string): SafeHtml {
  return html`<p class="notice notice-error" role="alert">${what} could not be read: ${reason}</p>`;
}

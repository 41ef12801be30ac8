import { Inject, Injectable } from '@nestjs/common';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type AuditEntry, type AuditGuest, type AuditSearchRequest } from '@proxmox-mpc/contracts';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { McpEdgeConfig } from '../../config';
import { ConsoleBus, ConsoleRefusal } from '../console-bus';
import { html, pathWithQuery, safeUrl, type SafeHtml } from '../html';
import type { ActionResult, PageResult } from '../http/console-http';
import type { ConsoleSession } from '../sessions/resume-session.use-case';
import { statusBadge, unavailable } from './format';
import { csrfField, listTable, timeText } from './layout';

const PAGE_ROWS = 100;
const FIELDS = ['correlationId', 'actor', 'guest', 'from', 'to'] as const;

type Query = Record<string, unknown>;

/** A `datetime-local` value (no zone; the form says UTC) as the ISO time the audit service takes. */
function isoTime(value: string): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value;
}

/** A VMID, or a guest's name, as the audit log indexes them. */
function guestFilter(value: string): AuditGuest | undefined {
  if (!value) return undefined;
  return /^\d+$/.test(value) ? { vmid: Number(value) } : { name: value };
}

/**
 * The audit log over `qry.audit.search`: by correlation id, actor, guest and time, in
 * recording order, a page at a time. Without the admin scope a session searches its own
 * messages only (the `audit_search` tool's rule). Verification (`qry.audit.verify`) is for admins.
 */
@Injectable()
export class AuditPage {
  constructor(
    private readonly bus: ConsoleBus,
    private readonly messageBus: MessageBus,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<McpEdgeConfig, 'JAEGER_URL'>,
  ) {}

  async render(session: ConsoleSession, query: Query): Promise<PageResult> {
    const values = Object.fromEntries(
      FIELDS.map((field) => [field, typeof query[field] === 'string' ? (query[field] as string).trim() : '']),
    ) as Record<(typeof FIELDS)[number], string>;
    const actorId = session.admin ? values.actor : session.session.actorId;
    const guest = guestFilter(values.guest);
    const from = isoTime(values.from);
    const to = isoTime(values.to);
    const cursor = typeof query.cursor === 'string' ? query.cursor : undefined;
    const request: AuditSearchRequest = {
      limit: PAGE_ROWS,
      ...(values.correlationId ? { correlationId: values.correlationId } : {}),
      ...(actorId ? { actorId } : {}),
      ...(guest ? { guest } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(cursor ? { cursor } : {}),
    };
    const [result, verified] = await Promise.all([
      this.bus.tryQuery(Subjects.auditSearch, request, session),
      this.messageBus.lastEvent(Subjects.auditChainVerified).catch(() => undefined),
    ]);
    const field = (name: (typeof FIELDS)[number], label: string, attributes: SafeHtml = html``) =>
      html`<div>
        <label for="a-${name}">${label}</label
        ><input id="a-${name}" name="${name}" value="${values[name]}" ${attributes} />
      </div>`;
    return {
      title: 'Audit',
      status: result instanceof ConsoleRefusal && result.code === 'INVALID_MESSAGE' ? 400 : 200,
      content: html` <section aria-labelledby="chain-title">
          <h2 id="chain-title">Chain</h2>
          ${
            verified
              ? html`<p>
                  Last verification ${timeText(verified.time)}: ${verified.data.rows} rows
                  ${verified.data.firstBroken ? html`${statusBadge('failed')} breaks at #${verified.data.firstBroken.chainSeq}: ${verified.data.firstBroken.reason}` : statusBadge('ok')}
                </p>`
              : html`<p>No verification recorded yet.</p>`
          }
          ${
            session.admin
              ? html`<form method="post" action="/ui/audit/verify">
                  ${csrfField(session)}<button type="submit">Verify the chain now</button>
                </form>`
              : ''
          }
        </section>
        <section aria-labelledby="search-title">
          <h2 id="search-title">Search</h2>
          <form
            method="get"
            action="/ui/audit"
            class="filters"
            role="search"
            aria-label="Search the audit log"
          >
            ${field('correlationId', 'Correlation id')}
            ${session.admin ? field('actor', 'Actor', html`placeholder="token:agent"`) : html`<p class="muted">Your own messages (${actorId}).</p>`}
            ${field('guest', 'Guest (VMID or name)')}
            ${field('from', 'From (UTC)', html`type="datetime-local"`)}
            ${field('to', 'To (UTC)', html`type="datetime-local"`)}
            <div class="buttons"><button type="submit">Search</button> <a href="/ui/audit">Clear</a></div>
          </form>
          ${
            result instanceof ConsoleRefusal
              ? unavailable('The audit log', result.message)
              : html`${result.jaegerUrl ? html`<p><a href="${safeUrl(result.jaegerUrl)}" rel="noreferrer" target="_blank">This action's trace in Jaeger</a></p>` : ''}
                ${listTable({ columns: ['#', 'Stored', 'Subject', 'Actor', 'Guest', 'Action', 'Outcome'], rows: result.rows.map((row) => this.row(row)), empty: 'Nothing matches.', className: 'audit' })}
                ${result.nextCursor ? html`<nav class="pager" aria-label="Pages"><a href="${pathWithQuery('/ui/audit', { ...values, cursor: result.nextCursor })}" rel="next">Next page</a></nav>` : ''}`
          }
        </section>`,
    };
  }

  async verify(session: ConsoleSession): Promise<ActionResult> {
    const result = await this.bus.query(Subjects.auditVerify, {}, session);
    const text = result.firstBroken
      ? `the chain breaks at #${result.firstBroken.chainSeq}: ${result.firstBroken.reason}`
      : `the chain holds: ${result.rows} rows verified${result.anchor ? ` up to anchor #${result.anchor.chainSeq}` : ''}`;
    return { redirect: '/ui/audit', notice: { kind: result.firstBroken ? 'error' : 'ok', text } };
  }

  private row(row: AuditEntry): SafeHtml {
    const guest = row.guest
      ? [row.guest.node, row.guest.name ?? row.guest.vmid].filter(Boolean).join('/')
      : '';
    const jaeger =
      row.traceId && this.config.JAEGER_URL ? `${this.config.JAEGER_URL}/trace/${row.traceId}` : undefined;
    return html`<tr>
      <td>${row.chainSeq}</td>
      <td>${timeText(row.storedAt)}</td>
      <td><code>${row.subject}</code>${row.valid ? '' : html` ${statusBadge('invalid')} ${row.problems}`}</td>
      <td>${row.actor?.id ?? '?'}</td>
      <td>${guest}</td>
      <td>
        ${row.correlationId ? html`<a href="${pathWithQuery('/ui/audit', { correlationId: row.correlationId })}">${row.correlationId}</a>` : ''}
        ${jaeger ? html`<br /><a href="${safeUrl(jaeger)}" rel="noreferrer" target="_blank">trace in Jaeger</a>` : ''}
      </td>
      <td>
        ${row.outcome ? statusBadge(row.outcome === 'ok' ? 'ok' : 'error') : ''}${row.durationMs === undefined ? '' : ` ${Math.round(row.durationMs)} ms`}
      </td>
    </tr>`;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Subjects, type McpOperationSummary } from '@proxmox-mpc/contracts';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { McpEdgeConfig } from '../../config';
import { ConsoleBus } from '../console-bus';
import { html, type SafeHtml } from '../html';
import type { PageResult } from '../http/console-http';
import { LiveEvents } from '../live/live-events';
import type { ConsoleSession } from '../sessions/resume-session.use-case';
import { sees, statusBadge, traceLinks } from './format';
import { listTable, timeText } from './layout';

const ENDED = ['completed', 'failed', 'denied', 'expired'] as const;
const RECENT = 50;

/**
 * What MCP callers have running, with the latest progress this replica heard, and what
 * ended recently, each with its audit trail and trace.
 */
@Injectable()
export class OperationsPage {
  constructor(
    private readonly bus: ConsoleBus,
    private readonly live: LiveEvents,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<McpEdgeConfig, 'JAEGER_URL'>,
  ) {}

  async render(session: ConsoleSession): Promise<PageResult> {
    this.live.start();
    const [running, ...ended] = await Promise.all(
      (['running', ...ENDED] as const).map((status) =>
        this.bus.query(Subjects.mcpOperationsList, { status, limit: RECENT }, session),
      ),
    );
    const visible = (operations: McpOperationSummary[]) =>
      operations.filter((operation) => sees(session, operation.requestedBy));
    const recent = ended
      .flatMap((list) => visible(list.operations))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, RECENT);
    const runningRows = visible(running.operations);
    return {
      title: 'Operations',
      content: html` <section aria-labelledby="running-title">
          <h2 id="running-title">Running</h2>
          ${listTable({
            columns: ['What', 'Asked by', 'Progress', 'Started', 'Trace'],
            rows: runningRows.map((operation) => this.runningRow(operation)),
            empty: 'Nothing is running.',
            live: { id: 'running', events: 'operation approval', polite: true },
          })}
        </section>
        <section aria-labelledby="recent-title">
          <h2 id="recent-title">Recently ended</h2>
          ${listTable({
            columns: ['What', 'Asked by', 'Outcome', 'Ended', 'Trace'],
            rows: recent.map(
              (operation) =>
                html`<tr data-key="${operation.operationId}">
                  <td>${operation.summary}<br /><span class="muted">${operation.tool}</span></td>
                  <td>
                    ${operation.requestedBy}${operation.decidedBy ? html`<br /><span class="muted">approved by ${operation.decidedBy}</span>` : ''}
                  </td>
                  <td>
                    ${statusBadge(operation.status)}${operation.error ? html`<br />${operation.error.message} [${operation.error.code}]` : ''}
                  </td>
                  <td>${timeText(operation.updatedAt)}</td>
                  <td>${traceLinks(operation.correlationId, this.config.JAEGER_URL)}</td>
                </tr>`,
            ),
            empty: 'Nothing yet.',
            live: { id: 'ended', events: 'operation approval' },
          })}
        </section>`,
    };
  }

  private runningRow(operation: McpOperationSummary): SafeHtml {
    const note = this.live.progressOf(operation.operationId);
    const progress = note?.outcome
      ? html`${statusBadge(note.outcome)} <span class="muted">(being recorded)</span>`
      : note
        ? html`<progress
              max="${note.stepCount ?? 1}"
              value="${(note.stepIndex ?? 1) - 1}"
              aria-label="step ${note.stepIndex ?? '?'} of ${note.stepCount ?? '?'}"
            ></progress>
            <br />${note.stepIndex ? `step ${note.stepIndex}/${note.stepCount}: ` : ''}${note.text}`
        : html`<span class="muted">started; no progress heard yet</span>`;
    return html`<tr data-key="${operation.operationId}">
      <td>${operation.summary}<br /><span class="muted">${operation.tool}</span></td>
      <td>
        ${operation.requestedBy}${operation.decidedBy ? html`<br /><span class="muted">approved by ${operation.decidedBy}</span>` : ''}
      </td>
      <td>${progress}</td>
      <td>${timeText(operation.createdAt)}</td>
      <td>${traceLinks(operation.correlationId, this.config.JAEGER_URL)}</td>
    </tr>`;
  }
}

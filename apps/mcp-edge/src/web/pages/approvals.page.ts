import { Injectable } from '@nestjs/common';
import {
  ApprovalIdSchema,
  DRIFT_REPORT_TIMEOUT_MS,
  Subjects,
  type ApprovalStatus,
  type ApprovalSummary,
} from '@proxmox-mpc/contracts';
import { ConsoleBus, ConsoleRefusal } from '../console-bus';
import { html, type SafeHtml } from '../html';
import type { ActionResult, PageResult } from '../http/console-http';
import type { ConsoleSession } from '../sessions/resume-session.use-case';
import { planLine } from './drift-plan';
import { sees, statusBadge, unavailable } from './format';
import { csrfField, listTable, timeText } from './layout';

const DECIDED: readonly ApprovalStatus[] = ['approved', 'denied', 'expired'];
const RECENT = 20;

/**
 * Operations agents asked for that wait for a human. An admin decides: the decision is
 * `cmd.mcp.approval.decide` with the session's identity as the operator, so mcp-edge
 * refuses an approval by whoever asked (self-approval) exactly as for the terminal console.
 * Without the admin scope a session sees its own requests, read-only.
 */
@Injectable()
export class ApprovalsPage {
  constructor(private readonly bus: ConsoleBus) {}

  async render(session: ConsoleSession): Promise<PageResult> {
    const [pending, ...decided] = await Promise.all(
      (['pending', ...DECIDED] as const).map((status) =>
        this.bus.query(Subjects.mcpApprovalsList, { status }, session),
      ),
    );
    const visible = (list: { approvals: ApprovalSummary[] } | undefined) =>
      (list?.approvals ?? []).filter((approval) => sees(session, approval.requestedBy));
    const recent = decided
      .flatMap((list) => visible(list))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, RECENT);
    const waiting = visible(pending);
    const plans = await Promise.all(waiting.map((approval) => this.planOf(session, approval)));
    return {
      title: 'Approvals',
      content: html` <section aria-labelledby="pending-title">
          <h2 id="pending-title">Waiting for a decision</h2>
          ${session.admin ? '' : html`<p class="muted">You see your own requests; deciding needs the admin scope.</p>`}
          <div class="list" id="pending" data-live="approval" aria-live="polite">
            ${waiting.length === 0 ? html`<p data-key="none">Nothing is waiting.</p>` : waiting.map((approval, index) => this.pendingCard(session, approval, plans[index]))}
          </div>
        </section>
        <section aria-labelledby="recent-title">
          <h2 id="recent-title">Recently decided</h2>
          ${listTable({
            columns: ['What', 'Tool', 'Asked by', 'Status', 'Decided by', 'Asked at'],
            rows: recent.map(
              (approval) =>
                html`<tr data-key="${approval.approvalId}">
                  <td>${approval.summary}</td>
                  <td>${approval.tool}</td>
                  <td>${approval.requestedBy}</td>
                  <td>${statusBadge(approval.status)}</td>
                  <td>${approval.decidedBy ?? '—'}</td>
                  <td>${timeText(approval.createdAt)}</td>
                </tr>`,
            ),
            empty: 'None yet.',
            live: { id: 'recent', events: 'approval' },
          })}
        </section>`,
    };
  }

  /** Approve or deny one pending request; deny needs a reason, which the agent is told. */
  async decide(session: ConsoleSession, id: string, form: URLSearchParams): Promise<ActionResult> {
    const approvalId = ApprovalIdSchema.safeParse(id);
    if (!approvalId.success)
      throw new ConsoleRefusal('INVALID_MESSAGE', 'approval: expected an approval id (a UUID)');
    const decision = form.get('decision');
    if (decision !== 'approve' && decision !== 'deny') {
      throw new ConsoleRefusal('INVALID_MESSAGE', 'decision: expected approve or deny');
    }
    const reason = form.get('reason')?.trim() ?? '';
    if (decision === 'deny' && !reason) {
      throw new ConsoleRefusal('INVALID_MESSAGE', 'reason: say why you deny it (the agent is told)');
    }
    const pending = await this.bus.query(Subjects.mcpApprovalsList, { status: 'pending' }, session);
    const approval = pending.approvals.find((candidate) => candidate.approvalId === approvalId.data);
    if (!approval) throw new ConsoleRefusal('NOT_FOUND', `approval: no pending approval ${approvalId.data}`);
    const decided = await this.bus.execute(
      Subjects.mcpApprovalDecide,
      { approvalId: approval.approvalId, decision, ...(reason ? { reason } : {}) },
      session,
      approval.target,
    );
    return {
      redirect: '/ui/approvals',
      notice: {
        kind: 'ok',
        text: `${decision === 'approve' ? 'approved' : 'denied'}: ${approval.summary} (asked by ${approval.requestedBy}); correlation id ${decided.correlationId}`,
      },
    };
  }

  /**
   * For an IaC apply, what applying the workspace would change (its drift, as the Drift
   * page shows it); other commands carry their whole effect in their parameters.
   */
  private async planOf(session: ConsoleSession, approval: ApprovalSummary): Promise<SafeHtml | undefined> {
    const workspace =
      approval.command?.subject === Subjects.iacApply ? approval.command.data['workspace'] : undefined;
    if (typeof workspace !== 'string') return undefined;
    const report = await this.bus.tryQuery(Subjects.iacDriftReport, { workspace }, session, approval.target, {
      timeoutMs: DRIFT_REPORT_TIMEOUT_MS,
    });
    if (report instanceof ConsoleRefusal) return unavailable('the plan', report.message);
    return report.drifts.length === 0
      ? html`<p>Applying changes nothing: the cluster matches the code.</p>`
      : html`<pre class="plan">${report.drifts.map((drift) => `${planLine(drift)}\n`)}</pre>`;
  }

  private pendingCard(
    session: ConsoleSession,
    approval: ApprovalSummary,
    plan: SafeHtml | undefined,
  ): SafeHtml {
    const id = approval.approvalId;
    return html`<article class="card approval" data-key="${id}" aria-labelledby="approval-${id}">
      <h3 id="approval-${id}">${approval.summary}</h3>
      <dl class="facts">
        <div>
          <dt>Tool</dt>
          <dd>${approval.tool}</dd>
        </div>
        <div>
          <dt>Asked by</dt>
          <dd>${approval.requestedBy}</dd>
        </div>
        ${
          approval.target
            ? html`<div>
                <dt>Cluster</dt>
                <dd>${approval.target}</dd>
              </div>`
            : ''
        }
        <div>
          <dt>Asked at</dt>
          <dd>${timeText(approval.createdAt)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>${timeText(approval.expiresAt)}</dd>
        </div>
        <div>
          <dt>Approval id</dt>
          <dd><code>${id}</code></dd>
        </div>
      </dl>
      ${
        approval.command
          ? html`<details${plan ? '' : ' open'}><summary>Runs <code>${approval.command.subject}</code></summary>
<pre class="command">${JSON.stringify(approval.command.data, null, 2)}</pre></details>`
          : ''
      }
      ${
        plan
          ? html`<h4>What applying changes</h4>
              ${plan}`
          : ''
      }
      ${
        session.admin
          ? html`<form method="post" action="/ui/approvals/${id}" class="decide">
              ${csrfField(session)}
              <label for="reason-${id}">Reason (required to deny)</label>
              <input id="reason-${id}" name="reason" type="text" maxlength="500" autocomplete="off" />
              <div class="buttons">
                <button type="submit" name="decision" value="approve">Approve</button>
                <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
              </div>
            </form>`
          : ''
      }
    </article>`;
  }
}

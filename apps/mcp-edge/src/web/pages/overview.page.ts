import { Injectable } from '@nestjs/common';
import { MessageBus, type PlatformHealth } from '@proxmox-mpc/bus';
import { Subjects, type TargetSummary } from '@proxmox-mpc/contracts';
import { ConsoleBus, ConsoleRefusal } from '../console-bus';
import { html, pathWithQuery, type SafeHtml } from '../html';
import type { PageResult } from '../http/console-http';
import { HealthSnapshot } from '../live/health-snapshot';
import type { ConsoleSession } from '../sessions/resume-session.use-case';
import { sees, statusBadge, unavailable } from './format';
import { listTable, timeText } from './layout';

/**
 * The estate at a glance: clusters with nodes and guest counts by status (counted by the
 * agent: a page of zero guests carries the totals), running operations, pending approvals,
 * every service's health and consumer lag, and the audit log's last verification.
 */
@Injectable()
export class OverviewPage {
  constructor(
    private readonly bus: ConsoleBus,
    private readonly messageBus: MessageBus,
    private readonly health: HealthSnapshot,
  ) {}

  async render(session: ConsoleSession): Promise<PageResult> {
    const [targets, running, approvals, health, verified] = await Promise.all([
      this.bus.query(Subjects.proxmoxTargetsList, {}, session),
      this.bus.tryQuery(Subjects.mcpOperationsList, { status: 'running' }, session),
      this.bus.tryQuery(Subjects.mcpApprovalsList, {}, session),
      this.health
        .current()
        .catch((error: unknown) => new ConsoleRefusal('UNAVAILABLE', (error as Error).message)),
      this.messageBus.lastEvent(Subjects.auditChainVerified).catch(() => undefined),
    ]);
    const clusters = await Promise.all(targets.targets.map((target) => this.cluster(session, target)));
    const runningOwn =
      running instanceof ConsoleRefusal
        ? running
        : running.operations.filter((o) => sees(session, o.requestedBy));
    const pendingOwn =
      approvals instanceof ConsoleRefusal
        ? approvals
        : approvals.approvals.filter((a) => sees(session, a.requestedBy));
    return {
      title: 'Overview',
      content: html` <section aria-labelledby="clusters-title">
          <h2 id="clusters-title">Clusters</h2>
          ${clusters.length === 0 ? html`<p>No Proxmox VE cluster is connected yet (<code>proxmox-mpc init</code>).</p>` : ''}
          <div class="cards">${clusters}</div>
        </section>
        <section aria-labelledby="activity-title">
          <h2 id="activity-title">Activity</h2>
          <ul class="stats" id="activity" data-live="approval operation" aria-live="polite">
            <li data-key="running">
              <a href="/ui/operations">Operations running</a>
              <strong>${runningOwn instanceof ConsoleRefusal ? '?' : runningOwn.length}</strong>
            </li>
            <li data-key="pending">
              <a href="/ui/approvals">Approvals pending</a>
              <strong>${pendingOwn instanceof ConsoleRefusal ? '?' : pendingOwn.length}</strong>
            </li>
          </ul>
        </section>
        <section aria-labelledby="health-title">
          <h2 id="health-title">Platform health</h2>
          ${health instanceof ConsoleRefusal ? unavailable('Health', health.message) : this.healthTables(health.health, health.at)}
        </section>
        <section aria-labelledby="chain-title">
          <h2 id="chain-title">Audit log</h2>
          ${
            verified
              ? html`<p>
                  Last verification ${timeText(verified.time)}: ${verified.data.rows} rows,
                  ${verified.data.firstBroken ? statusBadge('failed') : statusBadge('ok')}
                  ${verified.data.firstBroken ? html` chain breaks at #${verified.data.firstBroken.chainSeq}: ${verified.data.firstBroken.reason}` : ''}
                </p>`
              : html`<p>No verification recorded yet.</p>`
          }
          <p><a href="/ui/audit">Search and verify the audit log</a></p>
        </section>`,
    };
  }

  private async cluster(session: ConsoleSession, target: TargetSummary) {
    const [nodes, guests] = await Promise.all([
      this.bus.tryQuery(Subjects.proxmoxNodesList, {}, session, target.name),
      this.bus.tryQuery(Subjects.proxmoxGuestsList, { limit: 0 }, session, target.name),
    ]);
    return html`<article class="card" aria-labelledby="cluster-${target.name}">
      <h3 id="cluster-${target.name}">${target.name}</h3>
      <p class="muted">${target.url}</p>
      ${
        nodes instanceof ConsoleRefusal
          ? unavailable('Nodes', nodes.message)
          : html`<p>
              Nodes:
              ${nodes.nodes.map(
                (node) => html`<span class="node">${node.node} ${statusBadge(node.status)}</span> `,
              )}
            </p>`
      }
      ${
        guests instanceof ConsoleRefusal
          ? unavailable('Guests', guests.message)
          : html`<p>
              <a href="${pathWithQuery('/ui/guests', { target: target.name })}"
                >${guests.total ?? guests.guests.length} guests</a
              >:
              ${Object.entries(guests.statusCounts ?? {}).map(
                ([status, count]) =>
                  html`<a href="${pathWithQuery('/ui/guests', { target: target.name, status })}"
                    >${count} ${status}</a
                  > `,
              )} <span class="muted">(synced ${Math.round(guests.ageMs / 1000)} s ago)</span>
            </p>`
      }
    </article>`;
  }

  private healthTables(health: Awaited<ReturnType<HealthSnapshot['current']>>['health'], at: Date) {
    return html`<p>
        ${health.ok ? statusBadge('ok') : statusBadge('failed')} read ${timeText(at)}; NATS
        ${health.nats.server}
        ${health.nats.ok ? statusBadge('ok') : html`${statusBadge('error')} ${health.nats.problem}`}
      </p>
      ${listTable({
        caption: 'Services (every replica answers for itself)',
        columns: ['Service', 'Replicas', 'Status', 'Problem'],
        rows: health.services.map(
          (service) =>
            html`<tr>
              <th scope="row">${service.service}</th>
              <td>${service.replicas.length}</td>
              <td>${statusBadge(service.ok ? 'ok' : 'failed')}</td>
              <td>${service.problem ?? ''}</td>
            </tr>`,
        ),
        empty: 'No service answered.',
      })}
      ${this.consumerTable(health.consumers)}`;
  }

  /** Only the consumers with work waiting: dozens of idle ones would bury the one that lags. */
  private consumerTable(consumers: PlatformHealth['consumers']): SafeHtml {
    const behind = consumers
      .filter((consumer) => consumer.pending > 0 || consumer.ackPending > 0)
      .sort((a, b) => b.pending - a.pending);
    if (behind.length === 0)
      return html`<p>All ${consumers.length} consumers have caught up (nothing pending).</p>`;
    return listTable({
      caption: `Consumers with messages waiting (${behind.length} of ${consumers.length}; the rest have caught up)`,
      columns: ['Stream', 'Consumer', 'Pending', 'Unacknowledged', 'Redelivered'],
      rows: behind.map(
        (consumer) =>
          html`<tr>
            <td>${consumer.stream}</td>
            <th scope="row">${consumer.name}</th>
            <td>${consumer.pending}${consumer.lagging ? html` ${statusBadge('lagging')}` : ''}</td>
            <td>${consumer.ackPending}</td>
            <td>${consumer.redelivered}</td>
          </tr>`,
      ),
      empty: 'Nothing is waiting.',
    });
  }
}

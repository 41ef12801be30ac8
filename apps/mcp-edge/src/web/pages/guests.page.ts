import { Inject, Injectable } from '@nestjs/common';
import { Subjects, type Guest, type GuestsListRequest } from '@proxmox-mpc/contracts';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { McpEdgeConfig } from '../../config';
import { ConsoleBus, ConsoleRefusal } from '../console-bus';
import { html, pathWithQuery, safeUrl, type SafeHtml } from '../html';
import type { PageResult } from '../http/console-http';
import type { ConsoleSession } from '../sessions/resume-session.use-case';
import { bytesText, statusBadge, unavailable } from './format';
import { listTable, timeText } from './layout';

// A screenful that still renders at once on a phone; the agent pages, so 10,000 guests cost one page.
const GUESTS_PER_PAGE = 100;
const TYPES = ['qemu', 'lxc'] as const;
const STATUSES = ['running', 'stopped', 'unknown'] as const;
const TIMELINE_DAYS = 7;

type Query = Record<string, unknown>;
const text = (query: Query, name: string): string =>
  typeof query[name] === 'string' ? (query[name] as string).trim() : '';

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html` selected` : ''}>${label}</option>`;
}

/** The inventory, filtered and paged by the agent, and one guest read live with its history. */
@Injectable()
export class GuestsPage {
  constructor(
    private readonly bus: ConsoleBus,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<McpEdgeConfig, 'JAEGER_URL'>,
  ) {}

  async list(session: ConsoleSession, query: Query): Promise<PageResult> {
    const targets = (await this.bus.query(Subjects.proxmoxTargetsList, {}, session)).targets;
    const target = text(query, 'target') || targets[0]?.name || '';
    const filters = {
      node: text(query, 'node'),
      type: text(query, 'type'),
      status: text(query, 'status'),
      tag: text(query, 'tag'),
      name: text(query, 'name'),
    };
    const page = Math.max(1, Number.parseInt(text(query, 'page') || '1', 10) || 1);
    const request = {
      ...(filters.node ? { node: filters.node } : {}),
      ...(filters.type ? { type: filters.type } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.tag ? { tag: filters.tag } : {}),
      // A plain name matches anywhere in it; a selector with wildcards is used as written.
      ...(filters.name ? { selector: /[*?/]/.test(filters.name) ? filters.name : `*${filters.name}*` } : {}),
      offset: (page - 1) * GUESTS_PER_PAGE,
      limit: GUESTS_PER_PAGE,
    } as GuestsListRequest;
    const answer = target
      ? await this.bus.tryQuery(Subjects.proxmoxGuestsList, request, session, target)
      : new ConsoleRefusal('NOT_FOUND', 'no cluster is connected');
    const form = html`<form
      method="get"
      action="/ui/guests"
      class="filters"
      role="search"
      aria-label="Filter guests"
    >
      <div>
        <label for="f-target">Cluster</label
        ><select id="f-target" name="target">
          ${targets.map((t) => option(t.name, t.name, target))}
        </select>
      </div>
      <div>
        <label for="f-name">Name or selector</label
        ><input id="f-name" name="name" value="${filters.name}" placeholder="web-* or pve1/*" />
      </div>
      <div><label for="f-node">Node</label><input id="f-node" name="node" value="${filters.node}" /></div>
      <div>
        <label for="f-type">Type</label
        ><select id="f-type" name="type">
          ${option('', 'any', filters.type)}${TYPES.map((t) => option(t, t, filters.type))}
        </select>
      </div>
      <div>
        <label for="f-status">Status</label
        ><select id="f-status" name="status">
          ${option('', 'any', filters.status)}${STATUSES.map((s) => option(s, s, filters.status))}
        </select>
      </div>
      <div><label for="f-tag">Tag</label><input id="f-tag" name="tag" value="${filters.tag}" /></div>
      <div class="buttons"><button type="submit">Filter</button> <a href="/ui/guests">Clear</a></div>
    </form>`;
    if (answer instanceof ConsoleRefusal) {
      return {
        title: 'Guests',
        status: answer.code === 'INVALID_MESSAGE' ? 400 : 200,
        content: html`${form}${unavailable('The guests', answer.message)}`,
      };
    }
    const total = answer.total ?? answer.guests.length;
    const first = (page - 1) * GUESTS_PER_PAGE;
    const link = (to: number) => pathWithQuery('/ui/guests', { target, ...filters, page: to });
    return {
      title: 'Guests',
      content: html`${form}
        <p role="status">
          ${total === 0 ? 'No guest matches.' : `Guests ${first + 1}–${first + answer.guests.length} of ${total}`}
          ${Object.entries(answer.statusCounts ?? {}).map(([status, count]) => html` · ${count} ${status}`)}
          <span class="muted">(inventory synced ${Math.round(answer.ageMs / 1000)} s ago)</span>
        </p>
        ${listTable({
          columns: ['Name', 'VMID', 'Node', 'Type', 'Status', 'CPUs', 'Memory', 'Tags'],
          rows: answer.guests.map((guest) => this.row(answer.target, guest)),
          empty: 'No guest matches.',
          className: 'guests',
        })}
        <nav class="pager" aria-label="Pages">
          ${page > 1 ? html`<a href="${link(page - 1)}" rel="prev">Previous page</a>` : ''}
          ${first + answer.guests.length < total ? html`<a href="${link(page + 1)}" rel="next">Next page</a>` : ''}
        </nav>`,
    };
  }

  async detail(session: ConsoleSession, target: string, vmidText: string): Promise<PageResult> {
    const vmid = Number(vmidText);
    const from = new Date(Date.now() - TIMELINE_DAYS * 86_400_000).toISOString();
    const [detail, tasks, snapshots, audit] = await Promise.all([
      this.bus.query(Subjects.proxmoxGuestGet, { vmid }, session, target),
      this.bus.tryQuery(Subjects.proxmoxTasksList, { vmid, limit: 20 }, session, target),
      this.bus.tryQuery(Subjects.proxmoxSnapshotsList, { vmid }, session, target),
      this.bus.tryQuery(
        Subjects.auditSearch,
        { guest: { vmid }, from, limit: 200, ...(session.admin ? {} : { actorId: session.session.actorId }) },
        session,
      ),
    ]);
    const { guest, live } = detail;
    return {
      title: `${guest.name} (${guest.vmid})`,
      content: html` <p><a href="${pathWithQuery('/ui/guests', { target })}">All guests of ${target}</a></p>
        <section aria-labelledby="status-title">
          <h2 id="status-title">Status</h2>
          <dl class="facts">
            <div>
              <dt>Status</dt>
              <dd>${statusBadge(live.status)}</dd>
            </div>
            <div>
              <dt>Node</dt>
              <dd>${guest.node}</dd>
            </div>
            <div>
              <dt>Type</dt>
              <dd>${guest.type}${guest.template ? ' (template)' : ''}</dd>
            </div>
            <div>
              <dt>CPU</dt>
              <dd>${guest.cpus} × ${Math.round(live.cpuUsage * 100)} %</dd>
            </div>
            <div>
              <dt>Memory</dt>
              <dd>${bytesText(live.memoryUsedBytes)} of ${bytesText(guest.memoryBytes)}</dd>
            </div>
            <div>
              <dt>Uptime</dt>
              <dd>${Math.round(live.uptimeSeconds / 60)} min</dd>
            </div>
            <div>
              <dt>IP addresses</dt>
              <dd>
                ${live.ipAddresses.length ? live.ipAddresses.join(', ') : 'none reported (guest agent)'}
              </dd>
            </div>
            <div>
              <dt>Tags</dt>
              <dd>${guest.tags.length ? guest.tags.join(', ') : '—'}</dd>
            </div>
            ${
              live.lock
                ? html`<div>
                    <dt>Lock</dt>
                    <dd>${live.lock}</dd>
                  </div>`
                : ''
            }
            <div>
              <dt>Read</dt>
              <dd>${timeText(detail.readAt)}</dd>
            </div>
          </dl>
        </section>
        <section aria-labelledby="config-title">
          <h2 id="config-title">Configuration</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                ${Object.entries(detail.config)
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(
                    ([key, value]) =>
                      html`<tr>
                        <th scope="row"><code>${key}</code></th>
                        <td class="wrap">${value}</td>
                      </tr>`,
                  )}
              </tbody>
            </table>
          </div>
        </section>
        <section aria-labelledby="tasks-title">
          <h2 id="tasks-title">Recent Proxmox tasks</h2>
          ${
            tasks instanceof ConsoleRefusal
              ? unavailable('Tasks', tasks.message)
              : html`${listTable({
                  columns: ['Task', 'User', 'Started', 'Status'],
                  rows: tasks.tasks.map(
                    (task) =>
                      html`<tr>
                        <td>${task.type}</td>
                        <td>${task.user}</td>
                        <td>${timeText(task.startedAt)}</td>
                        <td>
                          ${task.status === 'running' ? statusBadge('running') : (task.exitStatus ?? '')}
                        </td>
                      </tr>`,
                  ),
                  empty: 'None.',
                })}`
          }
        </section>
        <section aria-labelledby="snapshots-title">
          <h2 id="snapshots-title">Snapshots</h2>
          ${
            snapshots instanceof ConsoleRefusal
              ? unavailable('Snapshots', snapshots.message)
              : snapshots.snapshots.length === 0
                ? html`<p>None.</p>`
                : html`<ul>
                    ${snapshots.snapshots.map(
                      (snapshot) =>
                        html`<li>
                          <strong>${snapshot.name}</strong
                          >${snapshot.name === snapshots.current ? ' (current)' : ''}
                          ${snapshot.createdAt ? html` ${timeText(snapshot.createdAt)}` : ''}${snapshot.description ? html`: ${snapshot.description}` : ''}
                        </li>`,
                    )}
                  </ul>`
          }
        </section>
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">
            Audit timeline (last ${TIMELINE_DAYS} days${session.admin ? '' : ', your own'})
          </h2>
          ${
            audit instanceof ConsoleRefusal
              ? unavailable('The audit log', audit.message)
              : html`<ol class="timeline">
                    ${audit.rows.map(
                      (row) =>
                        html`<li>
                          ${timeText(row.storedAt)} <code>${row.subject}</code> by ${row.actor?.id ?? '?'}
                          ${row.correlationId ? html` · <a href="${safeUrl(pathWithQuery('/ui/audit', { correlationId: row.correlationId }))}">its action</a>` : ''}
                          ${row.traceId && this.config.JAEGER_URL ? html` · <a href="${safeUrl(`${this.config.JAEGER_URL}/trace/${row.traceId}`)}" rel="noreferrer" target="_blank">trace</a>` : ''}
                        </li>`,
                    )}
                  </ol>
                  ${audit.rows.length === 0 ? html`<p>Nothing recorded.</p>` : ''}`
          }
        </section>`,
    };
  }

  private row(target: string, guest: Guest): SafeHtml {
    return html`<tr>
      <th scope="row">
        <a href="/ui/guests/${encodeURIComponent(target)}/${guest.vmid}">${guest.name || '(no name)'}</a>
      </th>
      <td>${guest.vmid}</td>
      <td>${guest.node}</td>
      <td>${guest.type}${guest.template ? ' (template)' : ''}</td>
      <td>${statusBadge(guest.status)}</td>
      <td>${guest.cpus}</td>
      <td>${bytesText(guest.memoryBytes)}</td>
      <td>${guest.tags.map((tag) => html`<span class="tag">${tag}</span> `)}</td>
    </tr>`;
  }
}

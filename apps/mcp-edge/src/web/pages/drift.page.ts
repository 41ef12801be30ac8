import { Injectable } from '@nestjs/common';
import { DRIFT_REPORT_TIMEOUT_MS, Subjects, type GuestDrift } from '@proxmox-mpc/contracts';
import { ConsoleBus } from '../console-bus';
import { html, pathWithQuery, type SafeHtml } from '../html';
import type { PageResult } from '../http/console-http';
import type { ConsoleSession } from '../sessions/resume-session.use-case';
import { planLine, valueText } from './drift-plan';
import { statusBadge } from './format';

/** Per workspace, attribute by attribute: what the code wants, what the cluster has, and the plan that reconciles them. */
@Injectable()
export class DriftPage {
  constructor(private readonly bus: ConsoleBus) {}

  async render(session: ConsoleSession, workspaceName: string | undefined): Promise<PageResult> {
    const workspaces = (await this.bus.query(Subjects.iacWorkspacesList, {}, session)).workspaces;
    const workspace = workspaces.find((candidate) => candidate.name === workspaceName) ?? workspaces[0];
    const chooser = html`<form
      method="get"
      action="/ui/drift"
      class="filters"
      aria-label="Choose a workspace"
    >
      <div>
        <label for="workspace">Workspace</label
        ><select id="workspace" name="workspace">
          ${workspaces.map(
            (candidate) =>
              html`<option
                value="${candidate.name}"
                ${candidate.name === workspace?.name ? html` selected` : ''}
              >
                ${candidate.name} (${candidate.target})
              </option>`,
          )}
        </select>
      </div>
      <div class="buttons"><button type="submit">Show drift</button></div>
    </form>`;
    if (!workspace)
      return {
        title: 'Drift',
        content: html`<p>No IaC workspace yet (<code>proxmox-mpc init</code> creates one).</p>`,
      };
    const report = await this.bus.query(
      Subjects.iacDriftReport,
      { workspace: workspace.name },
      session,
      undefined,
      {
        timeoutMs: DRIFT_REPORT_TIMEOUT_MS,
      },
    );
    return {
      title: 'Drift',
      content: html`${chooser}
        <p role="status">
          ${report.drifts.length === 0 ? 'No drift: ' : `${report.drifts.length} ${report.drifts.length === 1 ? 'guest' : 'guests'} drifted in `}<strong
            >${report.workspace}</strong
          >
          at revision <code>${report.revision.slice(0, 12)}</code> against cluster ${report.target}.
        </p>
        ${report.drifts.map((drift) => this.guest(report.target, drift))}
        ${
          report.drifts.length
            ? html`<section aria-labelledby="plan-title">
                <h2 id="plan-title">Plan that would reconcile it</h2>
                <p class="muted">
                  Applying the workspace (<code>proxmox-mpc apply ${report.workspace}</code>, which asks for
                  an approval) would:
                </p>
                <pre class="plan">${report.drifts.map((drift) => `${planLine(drift)}\n`)}</pre>
              </section>`
            : ''
        }`,
    };
  }

  private guest(target: string, drift: GuestDrift): SafeHtml {
    return html`<section class="card" aria-labelledby="drift-${drift.vmid}">
      <h2 id="drift-${drift.vmid}">
        <a href="${pathWithQuery(`/ui/guests/${encodeURIComponent(target)}/${drift.vmid}`, {})}"
          >Guest ${drift.vmid}</a
        >
        ${statusBadge(drift.kind)} ${drift.address ? html`<code>${drift.address}</code>` : ''}
      </h2>
      ${
        drift.changes.length
          ? html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Attribute</th>
                    <th scope="col">Desired (code)</th>
                    <th scope="col">Actual (cluster)</th>
                  </tr>
                </thead>
                <tbody>
                  ${drift.changes.map(
                    (change) =>
                      html`<tr>
                        <th scope="row"><code>${change.path}</code></th>
                        <td class="wrap">${valueText(change.after)}</td>
                        <td class="wrap">${valueText(change.before)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : ''
      }
    </section>`;
  }
}

import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { API_TOKEN_PREFIX, Subjects, TokenScopeSchema, type TokenSummary } from '@proxmox-mpc/contracts';
import { tokenDigest } from '../../access/token-digest';
import { ConsoleBus, ConsoleRefusal } from '../console-bus';
import { html, type SafeHtml } from '../html';
import type { ActionResult, PageResult } from '../http/console-http';
import type { ConsoleSession } from '../sessions/resume-session.use-case';
import { csrfField, listTable, timeText } from './layout';

const SCOPES = TokenScopeSchema.options;

/** A comma-separated form field as a list. */
const listOf = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * API tokens, for admins: over `cmd.mcp.token.create` / `.revoke` as the signed-in
 * operator, like the terminal console. The secret is made here and shown once, on the
 * answer to the form; only its SHA-256 travels on the bus.
 */
@Injectable()
export class TokensPage {
  constructor(private readonly bus: ConsoleBus) {}

  async render(session: ConsoleSession, includeRevoked: boolean): Promise<PageResult> {
    const { tokens } = await this.bus.query(Subjects.mcpTokensList, { includeRevoked }, session);
    return {
      title: 'Tokens',
      content: html`${this.createForm(session)}${this.list(session, tokens, includeRevoked)}`,
    };
  }

  async create(session: ConsoleSession, form: URLSearchParams): Promise<ActionResult> {
    const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const days = form.get('expiresInDays')?.trim();
    const rate = form.get('rateLimitPerMinute')?.trim();
    const name = form.get('name')?.trim() ?? '';
    if (days && !/^\d{1,4}$/.test(days))
      throw new ConsoleRefusal('INVALID_MESSAGE', 'expiresInDays: expected whole days');
    if (rate && !/^\d{1,6}$/.test(rate))
      throw new ConsoleRefusal('INVALID_MESSAGE', 'rateLimitPerMinute: expected a whole number');
    const created = await this.bus.execute(
      Subjects.mcpTokenCreate,
      {
        name,
        scopes: form.getAll('scopes') as TokenSummary['scopes'],
        nodes: listOf(form.get('nodes')),
        guests: listOf(form.get('guests')),
        tools: listOf(form.get('tools')),
        exec: listOf(form.get('exec')),
        ...(rate ? { rateLimitPerMinute: Number(rate) } : {}),
        ...(days ? { expiresAt: new Date(Date.now() + Number(days) * 86_400_000).toISOString() } : {}),
        digest: tokenDigest(secret).toString('hex'),
      },
      session,
    );
    return {
      title: 'Token created',
      content: html`<section class="card secret" aria-labelledby="secret-title">
        <h2 id="secret-title">${created.data.name}: copy the token now</h2>
        <p>
          This is the only time it is shown; only its digest is kept. Scopes:
          ${created.data.scopes.join(', ')}.
        </p>
        <label for="secret">Token</label>
        <input id="secret" class="secret-value" readonly value="${secret}" autocomplete="off" />
        <p><a href="/ui/tokens">Back to the tokens</a></p>
      </section>`,
    };
  }

  async revoke(session: ConsoleSession, name: string): Promise<ActionResult> {
    await this.bus.execute(Subjects.mcpTokenRevoke, { name }, session);
    return {
      redirect: '/ui/tokens',
      notice: { kind: 'ok', text: `revoked ${name}: its sessions and calls end at their next request` },
    };
  }

  private createForm(session: ConsoleSession): SafeHtml {
    return html`<section aria-labelledby="create-title">
      <h2 id="create-title">Create a token</h2>
      <form method="post" action="/ui/tokens" class="token-form">
        ${csrfField(session)}
        <div>
          <label for="t-name">Name</label
          ><input
            id="t-name"
            name="name"
            required
            maxlength="64"
            pattern="[A-Za-z0-9._\\-]{1,64}"
            autocomplete="off"
          />
        </div>
        <fieldset>
          <legend>Scopes</legend>
          ${SCOPES.map(
            (scope) =>
              html`<label class="check"
                ><input
                  type="checkbox"
                  name="scopes"
                  value="${scope}"
                  ${scope === 'read' ? html` checked` : ''}
                />
                ${scope}</label
              >`,
          )}
        </fieldset>
        <div>
          <label for="t-nodes">Nodes (comma-separated selectors; empty: all)</label
          ><input id="t-nodes" name="nodes" />
        </div>
        <div>
          <label for="t-guests">Guests (comma-separated selectors; empty: all)</label
          ><input id="t-guests" name="guests" />
        </div>
        <div>
          <label for="t-tools">Tools (comma-separated; empty: all its scopes allow)</label
          ><input id="t-tools" name="tools" />
        </div>
        <div>
          <label for="t-exec">Commands exec_in_guest may run (comma-separated prefixes)</label
          ><input id="t-exec" name="exec" />
        </div>
        <div>
          <label for="t-rate">Calls per minute (empty: the server's default)</label
          ><input id="t-rate" name="rateLimitPerMinute" inputmode="numeric" />
        </div>
        <div>
          <label for="t-days">Expires in days (empty: never)</label
          ><input id="t-days" name="expiresInDays" inputmode="numeric" />
        </div>
        <div class="buttons"><button type="submit">Create</button></div>
      </form>
    </section>`;
  }

  private list(session: ConsoleSession, tokens: TokenSummary[], includeRevoked: boolean): SafeHtml {
    return html`<section aria-labelledby="tokens-title">
      <h2 id="tokens-title">Tokens</h2>
      <p>
        <a href="${includeRevoked ? '/ui/tokens' : '/ui/tokens?all=true'}"
          >${includeRevoked ? 'Hide revoked tokens' : 'Show revoked tokens too'}</a
        >
      </p>
      ${listTable({
        columns: ['Name', 'Scopes', 'Limits', 'Created', 'Expires', 'State'],
        rows: tokens.map(
          (token) =>
            html`<tr>
              <th scope="row">${token.name}</th>
              <td>${token.scopes.join(', ')}</td>
              <td>
                ${
                  [
                    token.nodes.length ? `nodes ${token.nodes.join(', ')}` : '',
                    token.guests.length ? `guests ${token.guests.join(', ')}` : '',
                    token.tools.length ? `tools ${token.tools.join(', ')}` : '',
                    token.rateLimitPerMinute ? `${token.rateLimitPerMinute}/min` : '',
                  ]
                    .filter(Boolean)
                    .join('; ') || 'none'
                }
              </td>
              <td>${timeText(token.createdAt)}<br /><span class="muted">by ${token.createdBy}</span></td>
              <td>${timeText(token.expiresAt)}</td>
              <td>
                ${
                  token.revokedAt
                    ? html`revoked ${timeText(token.revokedAt)}`
                    : html`<form method="post" action="/ui/tokens/${encodeURIComponent(token.name)}/revoke">
                        ${csrfField(session)}
                        <button type="submit" class="secondary" aria-label="Revoke ${token.name}">
                          Revoke
                        </button>
                      </form>`
                }
              </td>
            </tr>`,
        ),
        empty: "No token was created here (tokens from the deployment's settings are not listed).",
      })}
    </section>`;
  }
}

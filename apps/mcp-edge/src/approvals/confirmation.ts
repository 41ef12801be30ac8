import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  acceptedContent,
  CLIENT_CAPABILITIES_META_KEY,
  inputRequired,
  inputResponse,
  type ClientCapabilities,
  type InputRequiredResult,
  type McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { z } from 'zod';

const CONFIRM_KEY = 'confirm';
const STATE_TTL_MS = 10 * 60_000;
const ConfirmationSchema = z.object({ confirm: z.string() });

export type ConfirmationOutcome =
  { kind: 'confirmed' } | { kind: 'refused'; reason: string } | { kind: 'ask'; result: InputRequiredResult };

/** What a human must confirm: the operation in words, and the name they type to say yes. */
export interface ConfirmationQuestion {
  summary: string;
  expected: string;
}

/** The user behind an MCP client that can ask them (elicitation), for one tool call. */
export interface Confirmer {
  confirm(question: ConfirmationQuestion): Promise<ConfirmationOutcome>;
}

/** What a confirmation is bound to: this caller calling this tool with these arguments. */
export interface ConfirmationBinding {
  actor: string;
  tool: string;
  args: unknown;
}

/**
 * How a human is asked to confirm a destructive operation inside the MCP exchange:
 * - 2026-07-28 clients that can elicit: an `input_required` result; the retried call
 *   carries the answer and our signed state (it binds the answer to this caller, tool
 *   and arguments, so an answer cannot be replayed onto another call);
 * - 2025 sessions (stdio) whose client can elicit: an elicitation request;
 * - anyone else: not possible here, and the operation waits for an operator.
 * The user must type the guest's name, so an automatic "yes" does not pass.
 */
export class ConfirmationChannel {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  static withKey(secret: string | undefined): ConfirmationChannel {
    return new ConfirmationChannel(secret ? createHash('sha256').update(secret).digest() : undefined);
  }

  /** Who confirms this call, when its client can ask its user; undefined when it cannot. */
  confirmerFor(
    server: McpServer,
    context: ServerContext,
    binding: ConfirmationBinding,
  ): Confirmer | undefined {
    const channel = this.available(server, context);
    return channel && { confirm: (question) => this.confirm(channel, context, binding, question) };
  }

  private available(server: McpServer, context: ServerContext): 'input-required' | 'elicit' | undefined {
    const envelope = context.mcpReq.envelope as Record<string, unknown> | undefined;
    const modernCapabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
    if (modernCapabilities) return modernCapabilities.elicitation ? 'input-required' : undefined;
    return server.server.getClientCapabilities()?.elicitation ? 'elicit' : undefined;
  }

  private async confirm(
    channel: 'input-required' | 'elicit',
    context: ServerContext,
    binding: ConfirmationBinding,
    question: ConfirmationQuestion,
  ): Promise<ConfirmationOutcome> {
    const message = `Confirm: ${question.summary}. Type "${question.expected}" to go ahead.`;
    const requestedSchema = {
      type: 'object' as const,
      properties: { confirm: { type: 'string' as const, title: `Type ${question.expected} to confirm` } },
      required: ['confirm'],
    };
    if (channel === 'elicit') {
      const answer = await context.mcpReq.elicitInput({ mode: 'form', message, requestedSchema });
      return this.judge(answer.action, answer.content?.confirm, question.expected);
    }
    const responses = context.mcpReq.inputResponses;
    if (!responses || inputResponse(responses, CONFIRM_KEY).kind === 'missing') {
      return {
        kind: 'ask',
        result: inputRequired({
          inputRequests: { [CONFIRM_KEY]: inputRequired.elicit({ mode: 'form', message, requestedSchema }) },
          requestState: this.sign(binding),
        }),
      };
    }
    if (!this.verify(context.mcpReq.requestState<string>(), binding)) {
      return {
        kind: 'refused',
        reason: 'the confirmation does not belong to this call (or it expired); nothing was done',
      };
    }
    const view = inputResponse(responses, CONFIRM_KEY);
    const content = acceptedContent(responses, CONFIRM_KEY, ConfirmationSchema);
    return this.judge(view.kind === 'elicit' ? view.action : 'cancel', content?.confirm, question.expected);
  }

  private judge(action: string, typed: unknown, expected: string): ConfirmationOutcome {
    if (action !== 'accept')
      return { kind: 'refused', reason: `the user did not confirm (${action}); nothing was done` };
    if (typed !== expected)
      return {
        kind: 'refused',
        reason: `the user typed "${String(typed)}", not "${expected}"; nothing was done`,
      };
    return { kind: 'confirmed' };
  }

  private sign(binding: ConfirmationBinding): string {
    const payload = Buffer.from(
      JSON.stringify({ ...this.fingerprint(binding), exp: Date.now() + STATE_TTL_MS }),
    ).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  private verify(state: string | undefined, binding: ConfirmationBinding): boolean {
    const [payload, mac] = (state ?? '').split('.');
    if (!payload || !mac) return false;
    const expected = Buffer.from(this.mac(payload));
    if (expected.length !== mac.length || !timingSafeEqual(expected, Buffer.from(mac))) return false;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      exp: number;
      f: string;
    };
    return claims.exp > Date.now() && claims.f === this.fingerprint(binding).f;
  }

  private fingerprint(binding: ConfirmationBinding): { f: string } {
    return {
      f: createHash('sha256')
        .update(JSON.stringify([binding.actor, binding.tool, binding.args]))
        .digest('base64url'),
    };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

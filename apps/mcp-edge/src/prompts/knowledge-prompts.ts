import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/server';
import type { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, WorkspaceNameSchema, type Origin, type Passage } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import type { AccessPolicy } from '../access/access-policy';
import { describeGuest, resolveGuest } from '../tools/guest-resolver';
import { TargetInput } from '../tools/tool-inputs';

const PASSAGES = 5;

/**
 * Prompts that put knowledge to work: each gathers what the platform knows (a guest's
 * config and failed tasks, the clusters, a workspace's drift) and the documentation that
 * bears on it, and asks the model to reason from both, citing passages.
 */
export function registerKnowledgePrompts(server: McpServer, bus: MessageBus, access: AccessPolicy): void {
  const origin = (target?: string): Origin => ({
    correlationId: randomUUID(),
    actor: { kind: 'agent', id: access.actorId },
    ...(target ? { target } : {}),
  });
  const context = (target?: string) => ({ bus, origin: origin(target), access });
  const documentation = async (query: string): Promise<string> => {
    const { passages } = await bus.query(
      Subjects.ragSearch,
      { query, k: PASSAGES, kinds: ['docs', 'project'] },
      origin(),
    );
    return passages.length > 0 ? passages.map(quote).join('\n\n') : '(no documentation found)';
  };

  server.registerPrompt(
    'troubleshoot_guest',
    {
      title: 'Troubleshoot a guest',
      description:
        "A guest's config, live status and recent failed tasks, with the documentation that bears on them",
      argsSchema: z.object({
        guest: z.string().describe('The guest: a VMID, a name or node/name'),
        target: TargetInput,
      }),
    },
    async ({ guest, target }) => {
      const found = await resolveGuest(context(target), guest, target);
      const [detail, tasks] = await Promise.all([
        bus.query(Subjects.proxmoxGuestGet, { vmid: found.vmid }, origin(found.target)),
        bus.query(
          Subjects.proxmoxTasksList,
          { vmid: found.vmid, errorsOnly: true, limit: 10 },
          origin(found.target),
        ),
      ]);
      const failures = tasks.tasks.map(
        (task) => `${task.startedAt} ${task.type}: ${task.exitStatus ?? task.status}`,
      );
      const docs = await documentation(
        `${found.type === 'qemu' ? 'virtual machine' : 'container'} ${detail.live.status} ${tasks.tasks.map((task) => `${task.type} ${task.exitStatus ?? ''}`).join(' ')}`,
      );
      return userText(
        [
          `Troubleshoot ${describeGuest(found)} on cluster ${found.target}.`,
          `Live: status ${detail.live.status}${detail.live.lock ? `, locked (${detail.live.lock})` : ''}, uptime ${detail.live.uptimeSeconds} s, addresses ${detail.live.ipAddresses.join(', ') || 'none known'}.`,
          `Config:\n${Object.entries(detail.config)
            .map(([key, value]) => `  ${key}: ${value}`)
            .join('\n')}`,
          `Recent failed tasks:\n${failures.length > 0 ? failures.map((line) => `  ${line}`).join('\n') : '  none'}`,
          `Documentation that may bear on it:\n\n${docs}`,
          'Say what is most likely wrong and how to check and fix it, step by step. Cite the passages you rely on by ' +
            'their [citation]; use get_guest, list_tasks and search_knowledge for more, and ask before any change.',
        ].join('\n\n'),
      );
    },
  );

  server.registerPrompt(
    'plan_change',
    {
      title: 'Plan a change as IaC',
      description:
        'Turns a change described in plain words into an iac_plan call, with the clusters and documentation at hand',
      argsSchema: z.object({
        request: z.string().min(1).max(2_000).describe('What should change, in plain words'),
        target: TargetInput,
      }),
    },
    async ({ request, target }) => {
      const [nodes, docs] = await Promise.all([
        bus.query(Subjects.proxmoxNodesList, {}, origin(target)),
        documentation(request),
      ]);
      const visible = nodes.nodes.filter((node) => access.allowsNode(node.node));
      return userText(
        [
          `The operator asks: "${request}"`,
          `Cluster ${nodes.target} has nodes: ${visible.map((node) => `${node.node} (${node.status})`).join(', ')}.`,
          `Documentation that may bear on it:\n\n${docs}`,
          'Work out the guests to create or change (type, node, cores, memory, disks, network, tags), check names ' +
            'and sizes against the cluster with list_guests and list_storage, then call iac_plan with them and ' +
            'iac_test on the revision it returns. Cite the passages you rely on by their [citation].',
        ].join('\n\n'),
      );
    },
  );

  server.registerPrompt(
    'explain_drift',
    {
      title: 'Explain drift',
      description:
        "A workspace's drift from its cluster, attribute by attribute, with the documentation on those settings",
      argsSchema: z.object({ workspace: WorkspaceNameSchema.describe('The IaC workspace') }),
    },
    async ({ workspace }) => {
      const report = await bus.query(Subjects.iacDriftReport, { workspace }, origin());
      const lines = report.drifts.map(
        (drift) =>
          `guest ${drift.vmid} (${drift.kind}${drift.address ? `, ${drift.address}` : ''}): ` +
          drift.changes
            .map(
              (change) =>
                `${change.path} cluster=${JSON.stringify(change.before)} code=${JSON.stringify(change.after)}`,
            )
            .join('; '),
      );
      const attributes = [
        ...new Set(report.drifts.flatMap((drift) => drift.changes.map((change) => change.path))),
      ];
      const docs =
        attributes.length > 0 ? await documentation(attributes.join(' ')) : '(no drift, nothing to look up)';
      return userText(
        [
          `Workspace ${workspace} (cluster ${report.target}, revision ${report.revision}) drifts on ${report.drifts.length} guests:`,
          lines.join('\n') || 'none',
          `Documentation on those settings:\n\n${docs}`,
          'Explain each difference: what it means, which side is likely right, and what would reconcile it (an ' +
            'iac_import to take the cluster as it is, or an iac_plan and iac_apply to enforce the code). Cite passages by [citation].',
        ].join('\n\n'),
      );
    },
  );
}

function quote(passage: Passage): string {
  return `[${passage.citation}] ${passage.heading || passage.title}\n${passage.text}`;
}

function userText(text: string) {
  return { messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] };
}

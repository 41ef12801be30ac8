import { applyCommand } from './apply.command';
import { approvalsCommand, approveCommand, denyCommand } from './approvals.command';
import { auditExportCommand } from './audit-export.command';
import type { CommandDefinition } from './command';
import { driftCommand } from './drift.command';
import { guestCommand } from './guest.command';
import { guestsCommand } from './guests.command';
import { healthCommand } from './health.command';
import { helpCommand } from './help.command';
import { initCommand } from './init.command';
import { logsCommand } from './logs.command';
import { planCommand } from './plan.command';
import { reportIssueCommand } from './report-issue.command';
import { statusCommand } from './status.command';
import { syncCommand } from './sync.command';
import { testCommand } from './test.command';
import { tokensCommand } from './tokens.command';
import { traceCommand } from './trace.command';
import { workspacesCommand } from './workspaces.command';

/** Every command, in the order /help lists them. */
export function consoleCommands(): CommandDefinition[] {
  const commands: CommandDefinition[] = [
    initCommand,
    statusCommand,
    syncCommand,
    guestsCommand,
    guestCommand,
    workspacesCommand,
    planCommand,
    testCommand,
    applyCommand,
    driftCommand,
    approvalsCommand,
    approveCommand,
    denyCommand,
    tokensCommand,
    healthCommand,
    logsCommand,
    traceCommand,
    reportIssueCommand,
    auditExportCommand,
  ];
  commands.push(helpCommand(() => commands));
  return commands;
}

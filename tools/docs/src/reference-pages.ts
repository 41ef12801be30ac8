import { auditService } from '@proxmox-mpc/audit';
import { registeredContracts, Subjects } from '@proxmox-mpc/contracts';
import { iacGeneratorService } from '@proxmox-mpc/iac-generator';
import { mcpEdgeService } from '@proxmox-mpc/mcp-edge';
import { TOOL_CATALOG } from '@proxmox-mpc/mcp-edge/tool-catalog';
import { proxmoxAgentService } from '@proxmox-mpc/proxmox-agent';
import { ragService } from '@proxmox-mpc/rag';
import { SECRET_FILE_SETTINGS } from '@proxmox-mpc/service-runtime';
import { testRunnerService } from '@proxmox-mpc/test-runner';
import { configurationPage } from './configuration-page';
import { metricDefinitions, metricsPage } from './metrics-page';
import { subjectHandlers } from './subject-handlers';
import { subjectsPage } from './subjects-page';
import { toolsPage } from './tools-page';

/** Where the generated pages live, relative to the workspace root. */
export const REFERENCE_DIR = 'docs/reference';

// In the order of their default ports, which is the order operators meet them in.
const SERVICES = [
  mcpEdgeService,
  proxmoxAgentService,
  iacGeneratorService,
  testRunnerService,
  ragService,
  auditService,
];

/** Every generated reference page, by file name, built from the code as it is now. */
export function referencePages(workspaceRoot: string): Map<string, string> {
  const handlersByName = subjectHandlers(workspaceRoot);
  const handlers = new Map(
    Object.entries(Subjects).map(([name, subject]) => [subject as string, handlersByName.get(name) ?? []]),
  );
  return new Map([
    ['mcp-tools.md', toolsPage(TOOL_CATALOG)],
    ['configuration.md', configurationPage(SERVICES, SECRET_FILE_SETTINGS)],
    ['subjects.md', subjectsPage(registeredContracts, handlers)],
    ['metrics.md', metricsPage(metricDefinitions(workspaceRoot))],
  ]);
}

import { join } from 'node:path';
import { repoRoot, startNatsServer, type RunningNats } from '@proxmox-mpc/testing';

/** The passwords the deployment's NATS config reads from the environment, for tests. */
export const NATS_PASSWORDS = {
  'mpc-service': 'pServiceSecretForTests',
  ci: 'pCiSecretForTests',
  'audit-reader': 'pAuditSecretForTests',
  console: 'pConsoleSecretForTests',
} as const;

export interface DeploymentNats {
  nats: RunningNats;
  /** The server's URL with one user's credentials, as that user's clients would be configured. */
  urlFor(user: keyof typeof NATS_PASSWORDS): string;
}

/** A real nats-server running the deployment's own config (infra/nats/nats-server.conf). */
export async function startDeploymentNats(): Promise<DeploymentNats> {
  const nats = await startNatsServer({
    config: {
      file: join(repoRoot(), 'infra', 'nats', 'nats-server.conf'),
      env: {
        MPC_SERVICE_NATS_PASSWORD: NATS_PASSWORDS['mpc-service'],
        CI_NATS_PASSWORD: NATS_PASSWORDS.ci,
        AUDIT_READER_NATS_PASSWORD: NATS_PASSWORDS['audit-reader'],
        CONSOLE_NATS_PASSWORD: NATS_PASSWORDS.console,
      },
    },
  });
  return {
    nats,
    urlFor: (user) => nats.url.replace('nats://', `nats://${user}:${NATS_PASSWORDS[user]}@`),
  };
}

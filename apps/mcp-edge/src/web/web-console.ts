import type { Provider, Type } from '@nestjs/common';
import { AssetsController } from './assets/assets.controller';
import { ConsoleBus } from './console-bus';
import { ConsoleController } from './console.controller';
import { ConsoleHttp } from './http/console-http';
import { HealthSnapshot } from './live/health-snapshot';
import { LiveEvents } from './live/live-events';
import { LiveEventsController } from './live/live-events.controller';
import { ApprovalsPage } from './pages/approvals.page';
import { AuditPage } from './pages/audit.page';
import { DriftPage } from './pages/drift.page';
import { GuestsPage } from './pages/guests.page';
import { OperationsPage } from './pages/operations.page';
import { OverviewPage } from './pages/overview.page';
import { TokensPage } from './pages/tokens.page';
import { ConsoleCredentials } from './sessions/console-credentials';
import { PostgresWebSessionStore } from './sessions/postgres-web-session.store';
import { ResumeSessionUseCase } from './sessions/resume-session.use-case';
import { SignInUseCase } from './sessions/sign-in.use-case';
import { SignOutUseCase } from './sessions/sign-out.use-case';
import { WebSessionStore } from './sessions/web-session.store';
import { SignInController } from './sign-in.controller';

/** The web console under /ui (docs/web-console.md): mounted by McpModule on HTTP replicas. */
export const WEB_CONSOLE_CONTROLLERS: Type[] = [
  SignInController,
  ConsoleController,
  LiveEventsController,
  AssetsController,
];

export const WEB_CONSOLE_PROVIDERS: Provider[] = [
  { provide: WebSessionStore, useClass: PostgresWebSessionStore },
  ConsoleCredentials,
  SignInUseCase,
  ResumeSessionUseCase,
  SignOutUseCase,
  ConsoleHttp,
  ConsoleBus,
  LiveEvents,
  HealthSnapshot,
  OverviewPage,
  ApprovalsPage,
  OperationsPage,
  GuestsPage,
  DriftPage,
  AuditPage,
  TokensPage,
];

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnCommand } from '@proxmox-mpc/bus';
import {
  Subjects,
  type Envelope,
  type GuestBackupRequested,
  type GuestCloneRequested,
  type GuestConfigureRequested,
  type GuestCreateRequested,
  type GuestDeleteRequested,
  type GuestDiskMoveRequested,
  type GuestExecRequested,
  type GuestFirewallRuleRequested,
  type GuestHaRequested,
  type GuestMigrateRequested,
  type GuestPowerRequested,
  type GuestResizeRequested,
  type GuestRestoreRequested,
  type GuestRollbackRequested,
  type GuestSnapshotRequested,
} from '@proxmox-mpc/contracts';
import { OperationRunner } from './operation-runner';
import { backupOperation } from './plans/backup.plan';
import { cloneOperation } from './plans/clone.plan';
import { configureOperation } from './plans/configure.plan';
import { createOperation } from './plans/create.plan';
import { deleteOperation } from './plans/delete.plan';
import { execOperation } from './plans/exec.plan';
import { firewallRuleOperation } from './plans/firewall-rule.plan';
import { haOperation } from './plans/ha.plan';
import { migrateOperation } from './plans/migrate.plan';
import { moveDiskOperation } from './plans/move-disk.plan';
import { powerOperation } from './plans/power.plan';
import { resizeOperation } from './plans/resize.plan';
import { restoreOperation } from './plans/restore.plan';
import { rollbackOperation } from './plans/rollback.plan';
import { snapshotOperation } from './plans/snapshot.plan';

type Result = ReturnType<OperationRunner['run']>;

/** One command subject per guest operation; each is a plan run by the same runner. */
@Controller()
export class GuestOperationsHandler {
  constructor(private readonly runner: OperationRunner) {}

  @OnCommand(Subjects.proxmoxGuestCreate)
  create(@Payload() command: Envelope<GuestCreateRequested>): Result {
    return this.runner.run(command, createOperation);
  }

  @OnCommand(Subjects.proxmoxGuestClone)
  clone(@Payload() command: Envelope<GuestCloneRequested>): Result {
    return this.runner.run(command, cloneOperation);
  }

  @OnCommand(Subjects.proxmoxGuestConfigure)
  configure(@Payload() command: Envelope<GuestConfigureRequested>): Result {
    return this.runner.run(command, configureOperation);
  }

  @OnCommand(Subjects.proxmoxGuestResize)
  resize(@Payload() command: Envelope<GuestResizeRequested>): Result {
    return this.runner.run(command, resizeOperation);
  }

  @OnCommand(Subjects.proxmoxGuestPower)
  power(@Payload() command: Envelope<GuestPowerRequested>): Result {
    return this.runner.run(command, powerOperation);
  }

  @OnCommand(Subjects.proxmoxGuestSnapshot)
  snapshot(@Payload() command: Envelope<GuestSnapshotRequested>): Result {
    return this.runner.run(command, snapshotOperation);
  }

  @OnCommand(Subjects.proxmoxGuestRollback)
  rollback(@Payload() command: Envelope<GuestRollbackRequested>): Result {
    return this.runner.run(command, rollbackOperation);
  }

  @OnCommand(Subjects.proxmoxGuestBackup)
  backup(@Payload() command: Envelope<GuestBackupRequested>): Result {
    return this.runner.run(command, backupOperation);
  }

  @OnCommand(Subjects.proxmoxGuestRestore)
  restore(@Payload() command: Envelope<GuestRestoreRequested>): Result {
    return this.runner.run(command, restoreOperation);
  }

  @OnCommand(Subjects.proxmoxGuestMigrate)
  migrate(@Payload() command: Envelope<GuestMigrateRequested>): Result {
    return this.runner.run(command, migrateOperation);
  }

  @OnCommand(Subjects.proxmoxGuestDelete)
  delete(@Payload() command: Envelope<GuestDeleteRequested>): Result {
    return this.runner.run(command, deleteOperation);
  }

  @OnCommand(Subjects.proxmoxGuestExec)
  exec(@Payload() command: Envelope<GuestExecRequested>): Result {
    return this.runner.run(command, execOperation);
  }

  @OnCommand(Subjects.proxmoxGuestDiskMove)
  moveDisk(@Payload() command: Envelope<GuestDiskMoveRequested>): Result {
    return this.runner.run(command, moveDiskOperation);
  }

  @OnCommand(Subjects.proxmoxGuestFirewallRule)
  firewallRule(@Payload() command: Envelope<GuestFirewallRuleRequested>): Result {
    return this.runner.run(command, firewallRuleOperation);
  }

  @OnCommand(Subjects.proxmoxGuestHa)
  ha(@Payload() command: Envelope<GuestHaRequested>): Result {
    return this.runner.run(command, haOperation);
  }
}

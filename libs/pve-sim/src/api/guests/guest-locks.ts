import { type Guest, guestKind } from '../../state/guest';

// PVE::AbstractConfig's lock helpers. A guest's lock is the `lock` key of its config
// (backup, clone, create, migrate, rollback, snapshot, snapshot-delete, disk, …); PVE
// writes it while a worker holds the guest and any other operation refuses to start.

/** AbstractConfig::check_lock: "VM is locked (backup)" / "CT is locked (create)". */
export function assertUnlocked(guest: Guest, tolerated?: string): void {
  const lock = guest.config['lock'];
  if (lock !== undefined && lock !== tolerated)
    throw new Error(`${guestKind(guest.type)} is locked (${lock})`);
}

/** AbstractConfig::set_lock: refuses a guest that already holds a lock. */
export function setLock(guest: Guest, lock: string): void {
  assertUnlocked(guest);
  guest.config['lock'] = lock;
}

/** AbstractConfig::remove_lock, with its complaints about a missing or different lock. */
export function removeLock(guest: Guest, lock?: string): void {
  const current = guest.config['lock'];
  if (current === undefined) {
    throw new Error(`no lock found trying to remove ${lock === undefined ? 'any' : `'${lock}' `}lock`);
  }
  if (lock !== undefined && current !== lock) {
    throw new Error(`found lock '${current}' trying to remove '${lock}' lock`);
  }
  delete guest.config['lock'];
}

/** AbstractConfig::check_protection: `protection: 1` blocks removal. */
export function assertUnprotected(guest: Guest, message: string): void {
  if (guest.config['protection'] === '1') throw new Error(`${message} - protection mode enabled`);
}

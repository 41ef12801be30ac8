// pve-access-control PVE/AccessControl.pm `$privgroups`: every privilege PVE knows, by
// category and by who is meant to hold it. The built-in roles are derived from this table
// the way `create_roles` derives them, so a role and its privileges cannot drift apart.
const PRIVILEGE_GROUPS = {
  VM: {
    root: [],
    admin: [
      'VM.Config.Disk',
      'VM.Config.CPU',
      'VM.Config.Memory',
      'VM.Config.Network',
      'VM.Config.HWType',
      'VM.Config.Options',
      'VM.Allocate',
      'VM.Clone',
      'VM.GuestAgent.Unrestricted',
      'VM.Migrate',
      'VM.Replicate',
      'VM.Snapshot',
      'VM.Snapshot.Rollback',
    ],
    user: [
      'VM.Config.CDROM',
      'VM.Config.Cloudinit',
      'VM.Console',
      'VM.Backup',
      'VM.GuestAgent.FileRead',
      'VM.GuestAgent.FileSystemMgmt',
      'VM.GuestAgent.FileWrite',
      'VM.PowerMgmt',
    ],
    audit: ['VM.Audit', 'VM.GuestAgent.Audit'],
  },
  Sys: {
    root: ['Sys.PowerMgmt', 'Sys.Modify', 'Sys.Incoming', 'Sys.AccessNetwork'],
    admin: ['Sys.Console', 'Sys.Syslog'],
    user: [],
    audit: ['Sys.Audit'],
  },
  Datastore: {
    root: [],
    admin: ['Datastore.Allocate', 'Datastore.AllocateTemplate'],
    user: ['Datastore.AllocateSpace'],
    audit: ['Datastore.Audit'],
  },
  SDN: {
    root: [],
    admin: ['SDN.Allocate', 'SDN.Audit'],
    user: ['SDN.Use'],
    audit: ['SDN.Audit'],
  },
  User: {
    root: ['Realm.Allocate'],
    admin: ['User.Modify', 'Group.Allocate', 'Realm.AllocateUser'],
    user: [],
    audit: [],
  },
  Pool: {
    root: [],
    admin: ['Pool.Allocate'],
    user: ['Pool.Audit'],
    audit: ['Pool.Audit'],
  },
  Mapping: {
    root: [],
    admin: ['Mapping.Modify'],
    user: ['Mapping.Use'],
    audit: ['Mapping.Audit'],
  },
} as const;

type Groups = typeof PRIVILEGE_GROUPS;
type Level = keyof Groups[keyof Groups];

/** A privilege name as PVE spells it, e.g. `VM.PowerMgmt`. */
export type Privilege = Groups[keyof Groups][Level][number] | 'Permissions.Modify';

const LEVELS: readonly Level[] = ['root', 'admin', 'user', 'audit'];
const CATEGORIES = Object.keys(PRIVILEGE_GROUPS) as Array<keyof Groups>;

function privilegesOf(category: keyof Groups, levels: readonly Level[]): Privilege[] {
  return levels.flatMap((level) => [...PRIVILEGE_GROUPS[category][level]]);
}

/** Every valid privilege; `Permissions.Modify` belongs to no group. */
export const ALL_PRIVILEGES: ReadonlySet<Privilege> = new Set<Privilege>([
  'Permissions.Modify',
  ...CATEGORIES.flatMap((category) => privilegesOf(category, LEVELS)),
]);

export function isPrivilege(name: string): name is Privilege {
  return ALL_PRIVILEGES.has(name as Privilege);
}

/** The roles every PVE installation has (`create_roles` plus the two special ones). */
export const BUILT_IN_ROLES: Readonly<Record<string, ReadonlySet<Privilege>>> = buildRoles();

function buildRoles(): Record<string, ReadonlySet<Privilege>> {
  const roles: Record<string, Set<Privilege>> = {
    NoAccess: new Set(),
    Administrator: new Set(ALL_PRIVILEGES),
    PVEAdmin: new Set(),
    PVEAuditor: new Set(),
  };
  for (const category of CATEGORIES) {
    const managed = privilegesOf(category, ['admin', 'user', 'audit']);
    roles[`PVE${category}Admin`] = new Set(managed);
    for (const privilege of managed) roles['PVEAdmin']?.add(privilege);
    // A category without user-level privileges has no PVE<category>User role.
    if (PRIVILEGE_GROUPS[category].user.length > 0) {
      roles[`PVE${category}User`] = new Set(privilegesOf(category, ['user', 'audit']));
    }
    for (const privilege of PRIVILEGE_GROUPS[category].audit) roles['PVEAuditor']?.add(privilege);
  }
  // Only Administrator, root@pam and PVEMappingAdmin may modify mappings.
  roles['PVEAdmin']?.delete('Mapping.Modify');
  roles['PVETemplateUser'] = new Set<Privilege>(['VM.Clone', 'VM.Audit']);
  return roles;
}

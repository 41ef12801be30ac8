/**
 * Every NATS subject the platform uses, in one place.
 *
 * - `cmd.*` ask a service to change something; they are stored in the CMD stream and
 *   executed once by the owning service.
 * - `evt.*` announce what happened; they are stored in the EVT stream for any consumer.
 * - `qry.*` are read-only request/reply and are never stored.
 */
export const Subjects = {
  proxmoxGuestPower: 'cmd.proxmox.guest.power',
  proxmoxGuestPowerCompleted: 'evt.proxmox.guest.power.completed',
  proxmoxGuestPowerFailed: 'evt.proxmox.guest.power.failed',
  proxmoxGuestsList: 'qry.proxmox.guests.list',
  mcpToolCalled: 'evt.mcp.tool.called',
  busMessageFailed: 'evt.bus.message.failed',
} as const;

export const SubjectPrefixes = {
  command: 'cmd.',
  event: 'evt.',
  query: 'qry.',
} as const;

import { z } from 'zod';

/**
 * An exec allow-list entry: a program and perhaps leading arguments, one space apart
 * (`uptime`, `systemctl status`). A module of its own, so the config can use it without
 * loading the tool catalogue.
 */
export const ExecEntrySchema = z
  .string()
  .max(512)
  .regex(/^[^\s\p{Cc}]+(?: [^\s\p{Cc}]+)*$/u, 'expected a command such as "uptime" or "systemctl status"');

import { z } from 'zod';

/** Viewers read every page; operators may also create and expire silences. */
export const CONSOLE_ROLES = ['viewer', 'operator'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** consoleUsers/{email}: one person's role, granted with `msp-ops console grant`. */
export const consoleUserSchema = z.object({
  email: z.email(),
  role: z.enum(CONSOLE_ROLES),
  grantedBy: z.string().min(1),
  grantedAt: z.iso.datetime(),
});
export type ConsoleUser = z.infer<typeof consoleUserSchema>;

/** Ids are lower-case addresses: IAP and people type the same address in different cases. */
export const consoleUserIdOf = (email: string): string => email.trim().toLowerCase();

export const mayChangeSilences = (role: ConsoleRole): boolean => role === 'operator';

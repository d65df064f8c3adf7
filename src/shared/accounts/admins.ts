// Who may see and switch the session settings: the accounts an operator names, and in the sandbox
// the demo account, so that a fresh clone can try the switch at once.
import type { Env } from '#shared/config.ts'

/** Accounts listed in ADMIN_EMAILS (comma-separated), plus the demo account in the sandbox. */
export function isAdmin (email: string | undefined, env: Env, demoEmail: string): boolean {
  if (!email) return false
  const admins = (env.ADMIN_EMAILS ?? '').split(',').map(e => e.trim().toLowerCase()).filter(Boolean)
  return admins.includes(email) || ((env.ARC_ENV ?? 'testing') === 'testing' && email === demoEmail)
}

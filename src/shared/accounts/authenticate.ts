// Checking a password against an account, with the lockout in front of it. Every path that
// checks a password runs exactly one scrypt, so an unknown email, a wrong password and a new
// registration take the same time.
import type { AccountTables, UserRecord } from '#shared/accounts/account-tables.ts'
import type { Credentials } from '#shared/accounts/credentials.ts'
import { afterFailure, lockedUntil } from '#shared/accounts/lockout.ts'
import { hashPassword, needsRehash, verifyPassword, verifyPasswordOfMissingAccount } from '#shared/accounts/passwords.ts'

export type Authentication =
  | { ok: true, user: UserRecord }
  | { ok: false, reason: 'wrong-credentials' }
  | { ok: false, reason: 'locked', until: number }

/** A writer that lost a race re-reads and tries again, this many times. */
const LOCKOUT_WRITE_ATTEMPTS = 5

export async function authenticate ({ email, password }: Credentials, now: number, tables: AccountTables): Promise<Authentication> {
  const lockout = await tables.lockouts.get(email)
  const until = lockedUntil(lockout, now)
  if (until !== undefined) return { ok: false, reason: 'locked', until }

  const user = await tables.users.get(email)
  const matches = user ? await verifyPassword(password, user.passwordHash) : await verifyPasswordOfMissingAccount(password)
  if (!user || !matches) return refusal(await recordFailure(email, now, tables))

  if (needsRehash(user.passwordHash)) await tables.users.setPasswordHash(email, await hashPassword(password))
  // A success wipes earlier failures (losing a race here only leaves them to age out).
  if (lockout && lockout.failures.length > 0) await tables.lockouts.save({ ...lockout, failures: [], version: lockout.version + 1 })
  return { ok: true, user }
}

/** Creates the account, or, if the email is taken, behaves exactly like a sign-in attempt. */
export async function register (credentials: Credentials, now: number, tables: AccountTables): Promise<Authentication & { created?: boolean }> {
  const { email, password } = credentials
  const until = lockedUntil(await tables.lockouts.get(email), now)
  if (until !== undefined) return { ok: false, reason: 'locked', until }
  if (await tables.users.get(email)) return authenticate(credentials, now, tables)

  const user: UserRecord = { email, passwordHash: await hashPassword(password), createdAt: now, sessionsValidSince: 0 }
  if (!await tables.users.create(user)) return refusal(await recordFailure(email, now, tables))
  return { ok: true, user, created: true }
}

/** Counts one failure; returns when the account is locked from now on, if it is. */
async function recordFailure (email: string, now: number, tables: AccountTables): Promise<number | undefined> {
  for (let attempt = 0; attempt < LOCKOUT_WRITE_ATTEMPTS; attempt++) {
    const next = afterFailure(await tables.lockouts.get(email), email, now)
    if (await tables.lockouts.save(next)) return lockedUntil(next, now)
  }
  throw new Error(`Could not record a failed sign-in for an account after ${LOCKOUT_WRITE_ATTEMPTS} attempts`)
}

function refusal (lockedFrom: number | undefined): Authentication {
  return lockedFrom === undefined ? { ok: false, reason: 'wrong-credentials' } : { ok: false, reason: 'locked', until: lockedFrom }
}

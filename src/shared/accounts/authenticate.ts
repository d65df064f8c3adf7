// Checking a password against an account, with the lockout in front of it. Every check is
// reserved before scrypt runs (see lockout.ts), and every path that checks a password runs
// exactly one scrypt, so an unknown email, a wrong password and a taken email take the same time.
import type { AccountTables, UserRecord } from '#shared/accounts/account-tables.ts'
import type { Credentials } from '#shared/accounts/credentials.ts'
import { afterSuccess, reserveCheck } from '#shared/accounts/lockout.ts'
import { hashPassword, needsRehash, verifyPassword, verifyPasswordOfMissingAccount } from '#shared/accounts/passwords.ts'

export type Authentication =
  | { ok: true, user: UserRecord }
  | { ok: false, reason: 'wrong-credentials' }
  | { ok: false, reason: 'locked', until: number }

/**
 * A write to the lockouts row fails only because another one succeeded, and once every check is
 * reserved nothing more is written: a few attempts are enough even for many requests at once.
 */
const LOCKOUT_WRITE_ATTEMPTS = 10

export async function authenticate (credentials: Credentials, now: number, tables: AccountTables): Promise<Authentication> {
  const reserved = await reserve(credentials.email, now, tables)
  if (reserved !== undefined) return { ok: false, reason: 'locked', until: reserved.lockedUntil }
  return check(credentials, await tables.users.get(credentials.email), now, tables)
}

/** Creates the account, or, if the email is taken, behaves exactly like a sign-in attempt. */
export async function register (
  credentials: Credentials, now: number, tables: AccountTables,
): Promise<Authentication & { created?: boolean }> {
  const { email, password } = credentials
  // A registration is a check too: a taken email must meet the same lock as a sign-in.
  const reserved = await reserve(email, now, tables)
  if (reserved !== undefined) return { ok: false, reason: 'locked', until: reserved.lockedUntil }
  const existing = await tables.users.get(email)
  if (existing) return check(credentials, existing, now, tables)

  const user: UserRecord = { email, passwordHash: await hashPassword(password), createdAt: now, sessionsValidSince: 0 }
  // Lost a race with another registration of the same email: a failure, like a wrong password.
  if (!await tables.users.create(user)) return { ok: false, reason: 'wrong-credentials' }
  await release(email, now, tables)
  return { ok: true, user, created: true }
}

/** The one scrypt of a reserved check. A failure leaves the reservation in place: it is the failure. */
async function check (
  { email, password }: Credentials, user: UserRecord | undefined, now: number, tables: AccountTables,
): Promise<Authentication> {
  const matches = user ? await verifyPassword(password, user.passwordHash) : await verifyPasswordOfMissingAccount(password)
  if (!user || !matches) return { ok: false, reason: 'wrong-credentials' }
  if (needsRehash(user.passwordHash)) await tables.users.setPasswordHash(email, await hashPassword(password))
  await release(email, now, tables)
  return { ok: true, user }
}

/** Reserves one check at `now`; returns when one frees up if none is free (nothing is written then). */
async function reserve (email: string, now: number, tables: AccountTables): Promise<{ lockedUntil: number } | undefined> {
  for (let attempt = 0; attempt < LOCKOUT_WRITE_ATTEMPTS; attempt++) {
    const reservation = reserveCheck(await tables.lockouts.get(email), email, now)
    if (!reservation.ok) return { lockedUntil: reservation.until }
    if (await tables.lockouts.save(reservation.record)) return undefined
    await backOff(attempt)
  }
  throw new Error(`Could not reserve a password check for an account after ${LOCKOUT_WRITE_ATTEMPTS} attempts`)
}

/** After a success: drops the reservation made at `at` and the failures before it. */
async function release (email: string, at: number, tables: AccountTables): Promise<void> {
  for (let attempt = 0; attempt < LOCKOUT_WRITE_ATTEMPTS; attempt++) {
    const record = await tables.lockouts.get(email)
    if (await tables.lockouts.save(afterSuccess(record, email, at, at))) return
    await backOff(attempt)
  }
  // Losing every race only leaves the reservations to age out of the window.
}

/** A short random pause, longer after each lost race, so writers that collided spread out. */
function backOff (attempt: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, Math.random() * 5 * (attempt + 1)))
}

// What it means to be signed in, checked on every request: the session names an account, has
// been idle less than the idle timeout, is younger than the absolute timeout, and began after
// the account's last "log out everywhere". The cookie's Max-Age plays no part in it.
import { ConfigError } from '#shared/config.ts'
import type { Env } from '#shared/config.ts'
import type { UsersTable } from '#shared/accounts/account-tables.ts'
import type { FlashKey, SessionData } from '#shared/session/types.ts'

export interface Timeouts {
  idleMs: number
  absoluteMs: number
}

export interface SignedInUser {
  email: string
  signedInAt: number
  lastSeenAt: number
  /** When the session ends if nothing happens before (ms). */
  idleDeadline: number
  /** When the session ends whatever happens (ms). */
  absoluteDeadline: number
}

export type SignInState =
  | { state: 'anonymous' }
  | { state: 'signed-in', user: SignedInUser, session: SessionData }
  /** The session named an account but is over: the caller rotates it into `session`. */
  | { state: 'ended', reason: 'idle' | 'absolute' | 'revoked', session: SessionData }

/** A signed-in request refreshes lastSeenAt only when it is older than this, to spare writes. */
export const LAST_SEEN_GRANULARITY_MS = 60 * 1000

/** SESSION_IDLE_TIMEOUT_MINUTES (default 30) and SESSION_ABSOLUTE_TIMEOUT_HOURS (default 12). */
export function timeoutsFor (env: Env): Timeouts {
  return {
    idleMs: positive(env, 'SESSION_IDLE_TIMEOUT_MINUTES', 30) * 60 * 1000,
    absoluteMs: positive(env, 'SESSION_ABSOLUTE_TIMEOUT_HOURS', 12) * 60 * 60 * 1000,
  }
}

export async function checkSignIn (
  session: Readonly<SessionData>, now: number, timeouts: Timeouts, users: () => Promise<UsersTable>,
): Promise<SignInState> {
  const { userEmail, signedInAt, lastSeenAt } = session
  if (typeof userEmail !== 'string') return { state: 'anonymous' }
  const ended = (reason: 'idle' | 'absolute' | 'revoked'): SignInState =>
    ({ state: 'ended', reason, session: signedOutSession(reason === 'revoked' ? 'logged-out-everywhere' : 'session-expired') })
  if (typeof signedInAt !== 'number' || typeof lastSeenAt !== 'number') return ended('revoked')
  const absoluteDeadline = signedInAt + timeouts.absoluteMs
  const idleDeadline = lastSeenAt + timeouts.idleMs
  if (now >= absoluteDeadline) return ended('absolute')
  if (now >= idleDeadline) return ended('idle')
  const account = await (await users()).get(userEmail)
  if (!account || signedInAt < account.sessionsValidSince) return ended('revoked')

  const seen = now - lastSeenAt >= LAST_SEEN_GRANULARITY_MS ? now : lastSeenAt
  return {
    state: 'signed-in',
    user: { email: userEmail, signedInAt, lastSeenAt: seen, idleDeadline: seen + timeouts.idleMs, absoluteDeadline },
    session: { ...session, lastSeenAt: seen },
  }
}

/**
 * The session a sign-in starts. Nothing from before is carried over except the counter, on
 * purpose: it shows that data can cross a sign-in when the app chooses.
 */
export function signedInSession (before: Readonly<SessionData>, email: string, now: number, device: string, flash: FlashKey): SessionData {
  return {
    ...(before.count !== undefined ? { count: before.count } : {}),
    userEmail: email,
    signedInAt: now,
    lastSeenAt: now,
    device,
    flash,
  }
}

/** The session a sign-out leaves: nothing but the message that says so. */
export function signedOutSession (flash: FlashKey): SessionData {
  return { flash }
}

function positive (env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number, not "${raw}"`)
  return value
}

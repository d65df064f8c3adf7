// Brute-force protection: after 5 failed sign-ins for one account within 15 minutes, that
// account refuses sign-ins for 15 minutes. Kept in DynamoDB so every Lambda sees it, and kept
// for emails that have no account too, so a lockout reveals nothing about who is registered.

export const LOCKOUT = {
  maxFailures: 5,
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
} as const

export interface LockoutRecord {
  email: string
  /** When each recent failure happened (ms), oldest first, at most maxFailures. */
  failures: number[]
  /** While in the future, sign-ins for this email are refused. */
  lockedUntil?: number
  /** DynamoDB TTL (epoch seconds): the row is useless once window and lock have passed. */
  expiresAt: number
  /** Optimistic concurrency: a write succeeds only over the version it read. */
  version: number
}

/** When the lock ends, if the account is locked now. */
export function lockedUntil (record: LockoutRecord | undefined, now: number): number | undefined {
  return record?.lockedUntil !== undefined && record.lockedUntil > now ? record.lockedUntil : undefined
}

/** The record after one more failure at `now`: locked once the window holds maxFailures. */
export function afterFailure (record: LockoutRecord | undefined, email: string, now: number): LockoutRecord {
  const recent = (record?.failures ?? []).filter(at => at > now - LOCKOUT.windowMs)
  recent.push(now)
  const locks = recent.length >= LOCKOUT.maxFailures
  const until = locks ? now + LOCKOUT.lockMs : lockedUntil(record, now)
  const keepUntil = Math.max(now + LOCKOUT.windowMs, until ?? 0)
  return {
    email,
    failures: locks ? [] : recent.slice(-LOCKOUT.maxFailures),
    ...(until !== undefined ? { lockedUntil: until } : {}),
    expiresAt: Math.ceil(keepUntil / 1000),
    version: (record?.version ?? 0) + 1,
  }
}

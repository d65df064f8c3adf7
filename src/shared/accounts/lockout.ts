// Brute-force protection: at most 5 password checks per email in any 15 minutes. Each check is
// reserved in the email's lockouts row by a conditional write *before* scrypt runs, so requests
// in flight at once cannot all slip past the limit; a reservation stays, as a failure, unless its
// check succeeds. Kept in DynamoDB so every Lambda sees it, and for emails that have no account
// too, so a lockout reveals nothing about who is registered.

export const LOCKOUT = {
  maxChecks: 5,
  windowMs: 15 * 60 * 1000,
} as const

export interface LockoutRecord {
  email: string
  /** When each check that has not succeeded (it failed, or is still running) was reserved (ms), oldest first. */
  checks: number[]
  /** DynamoDB TTL (epoch seconds): the row is useless once its last check has left the window. */
  expiresAt: number
  /** Optimistic concurrency: a write succeeds only over the version it read. */
  version: number
}

export type Reservation =
  | { ok: true, record: LockoutRecord }
  /** No check is free: the next one frees at `until` (ms). */
  | { ok: false, until: number }

/** The reservations still inside the window at `now`. (Rows from before reservations have none.) */
function recentChecks (record: LockoutRecord | undefined, now: number): number[] {
  return (record?.checks ?? []).filter(at => at > now - LOCKOUT.windowMs)
}

/** When a check frees up, if every one is taken now. */
export function lockedUntil (record: LockoutRecord | undefined, now: number): number | undefined {
  const recent = recentChecks(record, now)
  const oldest = recent[recent.length - LOCKOUT.maxChecks]
  return oldest === undefined ? undefined : oldest + LOCKOUT.windowMs
}

/** The record with one more check reserved at `now`, or when one frees up if none is free. */
export function reserveCheck (record: LockoutRecord | undefined, email: string, now: number): Reservation {
  const until = lockedUntil(record, now)
  if (until !== undefined) return { ok: false, until }
  // Sorted: a request that started earlier may reserve later than one that started after it.
  return { ok: true, record: withChecks(record, email, [ ...recentChecks(record, now), now ].sort((a, b) => a - b)) }
}

/**
 * The record after the check reserved at `at` succeeded: it and every earlier reservation go, so
 * a person who mistyped starts afresh (NIST counts consecutive failures). Later ones are checks
 * still running, and stay.
 */
export function afterSuccess (record: LockoutRecord | undefined, email: string, at: number, now: number): LockoutRecord {
  return withChecks(record, email, recentChecks(record, now).filter(check => check > at))
}

function withChecks (record: LockoutRecord | undefined, email: string, checks: number[]): LockoutRecord {
  const last = checks[checks.length - 1] ?? 0
  return { email, checks, expiresAt: Math.ceil((last + LOCKOUT.windowMs) / 1000), version: (record?.version ?? 0) + 1 }
}

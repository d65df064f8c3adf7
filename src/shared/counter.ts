import type { SessionData } from '#shared/session/types.ts'

/** The session's count; anything but a whole number (say, from an older version of the app) counts as 0. */
export function countOf (session: Readonly<SessionData>): number {
  return Number.isSafeInteger(session.count) && (session.count ?? 0) >= 0 ? session.count ?? 0 : 0
}

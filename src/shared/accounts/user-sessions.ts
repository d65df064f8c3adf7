// A signed-in user's sessions in the DynamoDB store: listing them, and naming one on a page
// without putting its id (which is the session itself) into the HTML.
import { createHmac } from 'node:crypto'
import type { AccountTables } from '#shared/accounts/account-tables.ts'
import type { SignedInUser, Timeouts } from '#shared/accounts/sign-in.ts'
import type { SessionRow, SessionTable } from '#shared/session/session-table.ts'

export interface UserSession {
  row: SessionRow
  handle: string
  current: boolean
}

/** A stable, opaque 22-character name for a session, for its revoke button. */
export function sessionHandle (id: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`session-handle:${id}`).digest('base64url').slice(0, 22)
}

/** The user's sessions that are still alive, most recently seen first. */
export async function liveSessionsOf (email: string, table: SessionTable, context: {
  now: number, timeouts: Timeouts, validSince: number, currentId: string | undefined, appSecret: string,
}): Promise<UserSession[]> {
  const { now, timeouts, validSince, currentId, appSecret } = context
  const alive = (row: SessionRow) =>
    row._ttl * 1000 > now &&
    typeof row.signedInAt === 'number' && typeof row.lastSeenAt === 'number' &&
    row.signedInAt >= validSince &&
    now < row.signedInAt + timeouts.absoluteMs &&
    now < row.lastSeenAt + timeouts.idleMs
  return (await table.byUser(email))
    .filter(alive)
    .sort((a, b) => (b.lastSeenAt ?? 0) - (a.lastSeenAt ?? 0))
    .map(row => ({ row, handle: sessionHandle(row._idx, appSecret), current: row._idx === currentId }))
}

/** The parts of a route's request the sessions page needs. */
interface SignedInRequest {
  user: SignedInUser
  now: number
  timeouts: Timeouts
  sessionId: string | undefined
  config: { signingSecret: string }
  accounts: () => Promise<AccountTables>
  sessionTable: () => Promise<SessionTable>
}

/** The signed-in user's live sessions, as the sessions page lists them (DynamoDB store only). */
export async function sessionsOfSignedInUser (request: SignedInRequest): Promise<UserSession[]> {
  const account = await (await request.accounts()).users.get(request.user.email)
  return liveSessionsOf(request.user.email, await request.sessionTable(), {
    now: request.now,
    timeouts: request.timeouts,
    validSince: account?.sessionsValidSince ?? 0,
    currentId: request.sessionId,
    appSecret: request.config.signingSecret,
  })
}

// GET /account/sessions — every session of the account (DynamoDB), or why JWE cannot list them.
import { sessionsOfSignedInUser } from '#shared/accounts/user-sessions.ts'
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import type { ListedSession } from '#views/page-state.ts'
import { renderPage } from '#views/render.ts'

export const sessions = requireSignedIn(async request => {
  const { page, user, config } = request
  let listed: ListedSession[] = []
  if (config.store.kind === 'dynamodb') {
    listed = (await sessionsOfSignedInUser(request)).map(({ row, handle, current }) => ({
      handle, current,
      signedInAt: row.signedInAt ?? 0,
      lastSeenAt: current ? user.lastSeenAt : row.lastSeenAt ?? 0,
      device: row.device ?? 'unknown device',
    }))
  }
  return { html: renderPage(page, 'Your sessions', '<session-list></session-list>', { sessions: listed }) }
})

export const handler = createHandler(sessions)

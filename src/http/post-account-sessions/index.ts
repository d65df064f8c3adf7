// POST /account/sessions — revoke one session of the account by deleting its DynamoDB row.
// Revoking this device's own session is signing out.
import { signedOutSession } from '#shared/accounts/sign-in.ts'
import { sessionsOfSignedInUser } from '#shared/accounts/user-sessions.ts'
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import { endSessionRow } from '#shared/session/sessions.ts'
import { errorResponse } from '#shared/http/route.ts'

export const revokeSession = requireSignedIn(async request => {
  const { page, config, form } = request
  if (config.store.kind !== 'dynamodb') {
    return errorResponse(page, 400, 'Nothing to revoke',
      'JWE sessions cannot be revoked one at a time. Use “Log out everywhere” on your account page.')
  }
  const target = (await sessionsOfSignedInUser(request)).find(s => s.handle === form.session)
  if (!target) {
    return errorResponse(page, 400, 'No such session', 'That session has already ended, or is not one of yours. Nothing was changed.')
  }
  if (target.current) return { location: '/', session: signedOutSession('signed-out'), rotateSession: true }
  // A row that came from a JWE cookie leaves a tombstone, so a copy of that cookie cannot bring it back.
  await endSessionRow(await request.sessionTable(), target.row, Math.floor(request.now / 1000))
  return { location: '/account/sessions', session: { ...request.session, flash: 'session-revoked' } }
})

export const handler = createHandler(revokeSession)

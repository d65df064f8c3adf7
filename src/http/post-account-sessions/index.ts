// POST /account/sessions — revoke one session of the account by deleting its DynamoDB row.
// Revoking this device's own session is signing out.
import { signedOutSession } from '#shared/accounts/sign-in.ts'
import { sessionsOfSignedInUser } from '#shared/accounts/user-sessions.ts'
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import { renderErrorPage } from '#views/render.ts'

export const revokeSession = requireSignedIn(async request => {
  const { page, config, form } = request
  if (config.store.kind !== 'dynamodb') {
    return { status: 400, html: renderErrorPage(page, { status: 400, title: 'Nothing to revoke', message: 'JWE sessions cannot be revoked one at a time. Use “Log out everywhere” on your account page.' }) }
  }
  const target = (await sessionsOfSignedInUser(request)).find(s => s.handle === form.session)
  if (!target) {
    return { status: 400, html: renderErrorPage(page, { status: 400, title: 'No such session', message: 'That session has already ended, or is not one of yours. Nothing was changed.' }) }
  }
  if (target.current) return { redirect: '/', session: signedOutSession('signed-out'), rotateSession: true }
  await (await request.sessionTable()).delete(target.row._idx)
  return { redirect: '/account/sessions', session: { ...request.session, flash: 'session-revoked' } }
})

export const handler = createHandler(revokeSession)

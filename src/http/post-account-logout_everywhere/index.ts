// POST /account/logout-everywhere — end every session of the account, in both stores: sessions
// that signed in before now stop being valid (the only way to end a copied JWE cookie), and in
// DynamoDB their rows are deleted too.
import { signedOutSession } from '#shared/accounts/sign-in.ts'
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import { endSessionRow } from '#shared/session/sessions.ts'

export const logoutEverywhere = requireSignedIn(async request => {
  const { user, now, config } = request
  await (await request.accounts()).users.setSessionsValidSince(user.email, now)
  if (config.store.kind === 'dynamodb') {
    const table = await request.sessionTable()
    // This session's row goes with the rotation below, after its successor is written.
    const others = (await table.byUser(user.email)).filter(row => row._idx !== request.sessionId)
    await Promise.all(others.map(row => endSessionRow(table, row, Math.floor(now / 1000))))
  }
  return { location: '/login', session: signedOutSession('logged-out-everywhere'), rotateSession: true }
})

export const handler = createHandler(logoutEverywhere)

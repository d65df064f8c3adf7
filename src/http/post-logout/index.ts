// POST /logout — end this session: a new id (in DynamoDB the old row is deleted), nothing kept
// but the "Signed out" message. There is no GET /logout: a link or an image must not sign anyone out.
import { signedOutSession } from '#shared/accounts/sign-in.ts'
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'

export const logout: Route = async () => ({
  redirect: '/',
  session: signedOutSession('signed-out'),
  rotateSession: true,
})

export const handler = createHandler(logout)

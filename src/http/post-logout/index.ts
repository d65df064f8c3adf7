// POST /logout — end this session: in DynamoDB its row is deleted, the cookie is expired, and the
// browser is asked to clear every cookie of this site (Clear-Site-Data). There is no GET /logout:
// a link or an image must not sign anyone out.
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'

export const logout: Route = async () => ({
  // Not a flash message: Clear-Site-Data would wipe the cookie that carried it.
  location: '/signed-out',
  session: null,
  headers: { 'clear-site-data': '"cookies"' },
})

export const handler = createHandler(logout)

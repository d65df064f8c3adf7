// POST /plain — the seed's counter with Architect's plain API: return the session with the
// change. Spread `req.session`: a reply of `{ session: { count } }` alone would replace the
// whole session, and with it the sign-in and the app's CSRF secret.
import arc from '@architect/functions'
import type { HttpRequest, HttpResponse } from '@architect/functions/types/http'

export const handler = arc.http(async (req: HttpRequest): Promise<HttpResponse> => {
  const count = Number(req.session?.count ?? 0) + 1
  return {
    session: { ...req.session, count },
    statusCode: 303,
    headers: { location: '/plain' },
  }
})

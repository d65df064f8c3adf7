// POST /count — add one to the session's count, then back to the counter (303, so a reload
// does not post again).
import { countOf } from '#shared/counter.ts'
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'

export const count: Route = async ({ session }) => ({
  location: '/',
  session: { ...session, count: countOf(session) + 1 },
})

export const handler = createHandler(count)

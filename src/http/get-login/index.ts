// GET /login — the sign-in form. `next` (a path on this site) is where sign-in leads.
import { localPath } from '#shared/http/local-path.ts'
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { authFormPage } from '#shared/http/sign-in-pages.ts'

export const loginForm: Route = async request => {
  const next = localPath(request.query.next)
  if (request.user) return { location: next === '/' ? '/account' : next }
  return authFormPage(request, 'login', { next })
}

export const handler = createHandler(loginForm)

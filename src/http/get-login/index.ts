// GET /login — the sign-in form. `next` (a path on this site) is where sign-in leads.
import { safeNextPath } from '#shared/accounts/credentials.ts'
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { authFormPage } from '#shared/http/sign-in-pages.ts'

export const loginForm: Route = async request => {
  const next = safeNextPath(request.query.next)
  if (request.user) return { redirect: next === '/' ? '/account' : next }
  return authFormPage(request, 'login', { next })
}

export const handler = createHandler(loginForm)

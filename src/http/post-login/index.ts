// POST /login — check the password (behind the lockout), then start a new session.
import { authenticate } from '#shared/accounts/authenticate.ts'
import { readCredentials } from '#shared/accounts/credentials.ts'
import { localPath } from '#shared/http/local-path.ts'
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { authFormPage, authenticationResponse } from '#shared/http/sign-in-pages.ts'

export const login: Route = async request => {
  const next = localPath(request.form.next)
  const check = readCredentials(request.form)
  if (!check.ok) return authFormPage(request, 'login', { email: check.email, problems: check.problems, next }, 400)
  const result = await authenticate(check.credentials, request.now, await request.accounts())
  return authenticationResponse(request, 'login', result, check.credentials.email, next, 'signed-in')
}

export const handler = createHandler(login)

// POST /register — create the account and sign in. A taken email is treated as a sign-in
// attempt: same message, same time, same lockout, so registering reveals nothing more.
import { register } from '#shared/accounts/authenticate.ts'
import { readCredentials } from '#shared/accounts/credentials.ts'
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { authFormPage, authenticationResponse } from '#shared/http/sign-in-pages.ts'

export const registration: Route = async request => {
  const check = readCredentials(request.form)
  if (!check.ok) return authFormPage(request, 'register', { email: check.email, problems: check.problems }, 400)
  const result = await register(check.credentials, request.now, await request.accounts())
  const flash = result.ok && result.created ? 'registered' : 'signed-in'
  return authenticationResponse(request, 'register', result, check.credentials.email, result.ok && result.created ? '/account' : '/', flash)
}

export const handler = createHandler(registration)

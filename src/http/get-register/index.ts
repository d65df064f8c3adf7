// GET /register — the registration form.
import { authFormPage } from '#shared/accounts/sign-in-pages.ts'
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'

export const registerForm: Route = async request =>
  request.user ? { location: '/account' } : authFormPage(request, 'register')

export const handler = createHandler(registerForm)

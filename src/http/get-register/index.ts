// GET /register — the registration form.
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { authFormPage } from '#shared/http/sign-in-pages.ts'

export const registerForm: Route = async request =>
  request.user ? { location: '/account' } : authFormPage(request, 'register')

export const handler = createHandler(registerForm)

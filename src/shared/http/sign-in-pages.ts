// What the sign-in and registration routes share: rendering the form, and turning the result
// of a password check into a response.
import type { Authentication } from '#shared/accounts/authenticate.ts'
import { describeDevice } from '#shared/accounts/credentials.ts'
import { LOCKOUT } from '#shared/accounts/lockout.ts'
import { signedInSession } from '#shared/accounts/sign-in.ts'
import type { RouteRequest, RouteResponse } from '#shared/http/handler.ts'
import { headerValue } from '#shared/http/headers.ts'
import type { FlashKey } from '#shared/session/types.ts'
import { formatTime } from '#views/labels.ts'
import { renderPage } from '#views/render.ts'

export type AuthMode = 'login' | 'register'

/** The same words for a wrong password, an unknown email and a taken email: they reveal nothing. */
export const WRONG_CREDENTIALS = 'That email and password did not work. Check both and try again.'

export interface AuthForm { email?: string, problems?: string[], next?: string }

export function authFormPage (request: RouteRequest, mode: AuthMode, form: AuthForm = {}, status = 200): RouteResponse {
  return {
    statusCode: status,
    html: renderPage(request.page, mode === 'register' ? 'Register' : 'Sign in', `<auth-form mode="${mode}"></auth-form>`, {
      authForm: form,
      stage: request.config.stage,
    }),
  }
}

/** Signed in: a new session id, then on to `next`. Refused: the form again, saying why. */
export function authenticationResponse (
  request: RouteRequest, mode: AuthMode, result: Authentication, email: string, next: string, flash: FlashKey,
): RouteResponse {
  if (result.ok) {
    const device = describeDevice(headerValue(request.headers, 'user-agent'))
    return {
      location: next,
      session: signedInSession(request.session, result.user.email, request.now, device, flash),
      rotateSession: true,
    }
  }
  if (result.reason === 'locked') {
    const minutes = Math.max(1, Math.ceil((result.until - request.now) / 60000))
    const paused = `Too many failed sign-ins for this account (${LOCKOUT.maxChecks} in ${LOCKOUT.windowMs / 60000} minutes): ` +
      `sign-in is paused until ${formatTime(result.until)}, about ${minutes} minute${minutes === 1 ? '' : 's'} from now. ` +
      'Nothing you enter before then is checked.'
    return {
      ...authFormPage(request, mode, { email, next, problems: [ paused ] }, 429),
      headers: { 'retry-after': String(Math.max(1, Math.ceil((result.until - request.now) / 1000))) },
    }
  }
  return authFormPage(request, mode, { email, next, problems: [ WRONG_CREDENTIALS ] }, 400)
}

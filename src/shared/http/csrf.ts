// CSRF defence in two layers: a token bound to the session (an HMAC of the session's own random
// secret, keyed by the app's secret) and a same-origin check of the browser's fetch metadata.
// arc.http.csrf is not used: its token is not tied to any session.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { headerValue } from '#shared/session/cookie.ts'

export const CSRF_FIELD = '_csrf'

/**
 * Before a session exists its secret is empty, so every visitor without one shares a token:
 * harmless, since such a POST can only act on a session that does not exist yet, and the
 * origin check below still stops other sites from sending it.
 */
export function csrfToken (sessionSecret: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`csrf:${sessionSecret}`).digest('base64url')
}

export function isValidCsrfToken (given: string | undefined, sessionSecret: string, appSecret: string): boolean {
  if (typeof given !== 'string') return false
  const expected = Buffer.from(csrfToken(sessionSecret, appSecret))
  const actual = Buffer.from(given)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * Browsers say where a request comes from in `Sec-Fetch-Site` and `Origin`. Either one naming
 * another site fails; a client that sends neither (curl, a very old browser) relies on the token.
 */
export function isSameOrigin (headers: Readonly<Record<string, string | undefined>>, secureScheme: boolean): boolean {
  const site = headerValue(headers, 'sec-fetch-site')
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false
  const origin = headerValue(headers, 'origin')
  if (origin === undefined) return true
  const host = headerValue(headers, 'host')
  const scheme = headerValue(headers, 'x-forwarded-proto') ?? (secureScheme ? 'https' : 'http')
  return host !== undefined && origin === `${scheme}://${host}`
}

// CSRF defence in two layers: a token bound to the session (an HMAC of the session's own random
// secret, keyed by the app's secret) and a same-origin check of the browser's fetch metadata.
// arc.http.csrf is not used: its token is not tied to any session.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { headerValue } from '#shared/http/headers.ts'
import type { Headers } from '#shared/http/headers.ts'

export const CSRF_FIELD = '_csrf'

/** Before a session exists its secret is empty, so every visitor without one shares a token (see requestOrigin). */
export function csrfToken (sessionSecret: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`csrf:${sessionSecret}`).digest('base64url')
}

/** Tokens made under SESSION_SECRET_FALLBACKS pass too, so a form open across a secret rotation still works. */
export function isValidCsrfToken (given: string | undefined, sessionSecret: string, appSecrets: readonly string[]): boolean {
  if (typeof given !== 'string') return false
  const actual = Buffer.from(given)
  return appSecrets.some(secret => {
    const expected = Buffer.from(csrfToken(sessionSecret, secret))
    return actual.length === expected.length && timingSafeEqual(actual, expected)
  })
}

/**
 * Where a request comes from, as the browser says in `Sec-Fetch-Site` and `Origin`: either one
 * naming another site makes it cross-site. `unknown`: neither header (old browsers; proxies and
 * privacy tools that strip them). Such a request is trusted only with a session's own token:
 * without a session the token is public, and a forged sign-in would log the victim in as the attacker.
 */
export function requestOrigin (headers: Headers, secureScheme: boolean): 'same' | 'cross' | 'unknown' {
  const site = headerValue(headers, 'sec-fetch-site')
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'cross'
  const origin = headerValue(headers, 'origin')
  if (origin === undefined) return site === undefined ? 'unknown' : 'same'
  const host = headerValue(headers, 'host')
  const scheme = headerValue(headers, 'x-forwarded-proto') ?? (secureScheme ? 'https' : 'http')
  return host !== undefined && origin === `${scheme}://${host}` ? 'same' : 'cross'
}

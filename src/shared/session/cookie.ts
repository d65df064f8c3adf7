// The `_idx` cookie, parsed and serialised by the `cookie` package (as @architect/functions does)
// with the attributes Architect gives it, so arc.http routes and this app share one cookie.
import { isIP } from 'node:net'
import { parseCookie, stringifyCookie, stringifySetCookie } from 'cookie'
import type { CookieSettings } from '#shared/config.ts'

export const SESSION_COOKIE = '_idx'

/** Browsers drop a cookie whose name and value exceed this many bytes (RFC 6265bis), silently. */
export const COOKIE_BYTE_LIMIT = 4096

export type CookieRead =
  | { kind: 'none' }
  | { kind: 'one', value: string }
  /** Several `_idx` cookies: one may have been planted from a sibling subdomain, so trust none. */
  | { kind: 'several' }

/** The `_idx` cookie of a Cookie header (REST API) or of the cookies array (HTTP API v2), joined. */
export function readSessionCookie (cookieHeader: string): CookieRead {
  // The parser keeps one value per name; parse pair by pair to see whether there were more.
  const sent = cookieHeader.split(';').map(pair => parseCookie(pair)[SESSION_COOKIE]).filter(value => value !== undefined)
  if (sent.length > 1) return { kind: 'several' }
  return sent[0] ? { kind: 'one', value: sent[0] } : { kind: 'none' }
}

/** The bytes a cookie holding `value` counts against COOKIE_BYTE_LIMIT: its name and encoded value. */
export function sessionCookieBytes (value: string): number {
  return Buffer.byteLength(stringifyCookie({ [SESSION_COOKIE]: value }))
}

export function sessionCookie (value: string, settings: CookieSettings, nowMs: number): string {
  const maxAge = Math.floor(settings.maxAge)
  return serialize(value, settings, { maxAge, expires: new Date(nowMs + maxAge * 1000) })
}

/** Tells the browser to forget the session cookie now. */
export function expiredSessionCookie (settings: CookieSettings): string {
  return serialize('', settings, EXPIRED)
}

/**
 * Expires `_idx` for the host and for every parent domain of `host`, where a sibling subdomain
 * can plant one (`Domain=.example.com`), on every Path the browser could have sent one with for
 * `path` (a planted `Path=/notes` outlives a `Path=/` expiry). A name can only be expired by its
 * own domain and path.
 */
export function expiredPlantedCookies (settings: CookieSettings, host: string | undefined, path = '/'): string[] {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase()
  const labels = isIP(name.replace(/^\[|\]$/g, '')) ? [] : name.split('.').filter(Boolean)
  const domains = [ undefined, ...labels.slice(0, -1).map((_, at) => labels.slice(at).join('.')) ]
  return cookiePathsFor(path).flatMap(cookiePath => domains.map(domain => serialize('', { ...settings, domain }, EXPIRED, cookiePath)))
}

/** At most this many Paths are expired (this app's routes are two segments deep at most). */
const MAX_COOKIE_PATHS = 16

/** The Paths of cookies a browser sends with a request for `path` (RFC 6265 5.1.4): `/` and each prefix ending a segment. */
function cookiePathsFor (path: string): string[] {
  const paths = new Set([ '/' ])
  for (let at = 1; at <= path.length && paths.size < MAX_COOKIE_PATHS; at++) {
    if (path[at - 1] === '/' || at === path.length || path[at] === '/') paths.add(path.slice(0, at))
  }
  // A Path with `;` or a control character cannot be a cookie's: nothing to expire there.
  return [ ...paths ].filter(cookiePath => /^[\u0020-\u003A\u003D-\u007E]*$/.test(cookiePath))
}

const EXPIRED = { maxAge: 0, expires: new Date(0) }

function serialize (value: string, settings: CookieSettings, lifetime: { maxAge: number, expires: Date }, path = '/'): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value,
    ...lifetime,
    domain: settings.domain,
    path,
    httpOnly: true,
    secure: settings.secure,
    sameSite: settings.sameSite.toLowerCase() as 'lax' | 'strict' | 'none',
  })
}

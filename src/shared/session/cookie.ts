// The `_idx` cookie, read and written with the attributes @architect/functions gives it.
import type { CookieSettings } from '#shared/config.ts'

export const SESSION_COOKIE = '_idx'

/** Browsers drop a cookie whose name and value exceed this many bytes (RFC 6265bis), silently. */
export const COOKIE_BYTE_LIMIT = 4096

export type CookieRead =
  | { kind: 'none' }
  | { kind: 'one', value: string }
  /** Several `_idx` cookies: another site on a parent domain may have planted one, so trust none. */
  | { kind: 'ambiguous' }

/** Finds the `_idx` cookie in a Cookie header (REST API) or the cookies array (HTTP API v2). */
export function readSessionCookie (headers: Readonly<Record<string, string | undefined>>, cookies?: readonly string[]): CookieRead {
  const raw = headerValue(headers, 'cookie') ?? cookies?.join('; ') ?? ''
  const values: string[] = []
  for (const pair of raw.split(';')) {
    const eq = pair.indexOf('=')
    if (eq === -1 || pair.slice(0, eq).trim() !== SESSION_COOKIE) continue
    values.push(pair.slice(eq + 1).trim())
  }
  if (values.length === 0) return { kind: 'none' }
  if (values.length > 1) return { kind: 'ambiguous' }
  const value = decode(unquote(values[0] ?? ''))
  return value ? { kind: 'one', value } : { kind: 'none' }
}

/** The bytes a cookie holding `value` counts against COOKIE_BYTE_LIMIT: its name and encoded value. */
export function sessionCookieBytes (value: string): number {
  return Buffer.byteLength(`${SESSION_COOKIE}=${encodeURIComponent(value)}`)
}

export function sessionCookie (value: string, settings: CookieSettings, nowMs: number): string {
  const expires = new Date(nowMs + settings.maxAge * 1000)
  return serialize(encodeURIComponent(value), [
    `Max-Age=${Math.floor(settings.maxAge)}`,
    `Expires=${expires.toUTCString()}`,
  ], settings)
}

/** Tells the browser to forget the session cookie now. */
export function expiredSessionCookie (settings: CookieSettings): string {
  return serialize('', [ 'Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT' ], settings)
}

function serialize (encodedValue: string, lifetime: string[], settings: CookieSettings): string {
  const attributes = [
    `${SESSION_COOKIE}=${encodedValue}`,
    ...lifetime,
    ...(settings.domain ? [ `Domain=${settings.domain}` ] : []),
    'Path=/',
    'HttpOnly',
    ...(settings.secure ? [ 'Secure' ] : []),
    `SameSite=${settings.sameSite}`,
  ]
  return attributes.join('; ')
}

export function headerValue (headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  for (const [ key, value ] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value
  }
  return undefined
}

function unquote (value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
}

function decode (value: string): string | undefined {
  try {
    return decodeURIComponent(value)
  }
  catch {
    return undefined
  }
}

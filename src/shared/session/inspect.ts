// What the inspector on every page shows: the session as the store really holds it, with the
// parts that would let someone take it over (the id, the CSRF secret) cut down or hidden.
import type { SignedInUser } from '#shared/accounts/sign-in.ts'
import type { SessionConfig, SessionStore } from '#shared/config.ts'
import { COOKIE_BYTE_LIMIT, SESSION_COOKIE } from '#shared/session/cookie.ts'
import { JWE_LIFETIME_SECONDS } from '#shared/session/jwe.ts'
import { ROW_BYTE_LIMIT } from '#shared/session/sessions.ts'
import type { LoadedSession } from '#shared/session/sessions.ts'

export interface Inspection {
  store: SessionStore
  cookie: {
    name: string
    /** As Architect sets them on every write. */
    attributes: string[]
    /** Bytes of the cookie this request carried (0: none). */
    bytes: number
    limit: number
  }
  jwe?: {
    alg: string
    enc: string
    /** ms */
    issuedAt: number
    /** When the token stops decrypting, whatever the cookie says (ms). */
    tokenDiesAt: number
    /** When the browser drops the cookie, from its Max-Age at the last write (ms). */
    cookieExpiresAt: number
  }
  row?: {
    /** The first characters of the session id: enough to tell sessions apart, too few to use. */
    idPrefix: string
    /** When DynamoDB may delete the row (ms). */
    ttl: number
    bytes: number
    limit: number
  }
  deadlines?: { idle: number, absolute: number }
  /** The stored record, the store's own fields included, secrets redacted. */
  contents: Record<string, unknown> | undefined
}

const ID_PREFIX_LENGTH = 6

export function inspectSession (loaded: LoadedSession, config: SessionConfig, user: SignedInUser | undefined): Inspection {
  const { cookie } = config
  const { inspection } = loaded
  const attributes = [
    'HttpOnly', 'Path=/', `SameSite=${cookie.sameSite}`,
    ...(cookie.secure ? [ 'Secure' ] : []),
    ...(cookie.domain ? [ `Domain=${cookie.domain}` ] : []),
    `Max-Age=${Math.floor(cookie.maxAge)}`,
  ]
  const stored = inspection.stored
  const result: Inspection = {
    store: loaded.store,
    cookie: { name: SESSION_COOKIE, attributes, bytes: inspection.cookieBytes, limit: COOKIE_BYTE_LIMIT },
    contents: stored && redact(stored),
  }
  if (inspection.jwe) {
    const issuedAt = inspection.jwe.issuedAt * 1000
    result.jwe = {
      alg: inspection.jwe.header.alg,
      enc: inspection.jwe.header.enc,
      issuedAt,
      tokenDiesAt: issuedAt + JWE_LIFETIME_SECONDS * 1000,
      cookieExpiresAt: issuedAt + cookie.maxAge * 1000,
    }
  }
  if (inspection.row && typeof stored?._idx === 'string') {
    result.row = {
      idPrefix: stored._idx.slice(0, ID_PREFIX_LENGTH),
      ttl: inspection.row.ttl * 1000,
      bytes: inspection.row.bytes,
      limit: ROW_BYTE_LIMIT,
    }
  }
  if (user) result.deadlines = { idle: user.idleDeadline, absolute: user.absoluteDeadline }
  return result
}

function redact (stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...stored }
  if ('_secret' in shown) shown._secret = '[redacted: the CSRF token is derived from it]'
  if (typeof shown._idx === 'string') shown._idx = `${shown._idx.slice(0, ID_PREFIX_LENGTH)}… [the rest redacted: it is the session]`
  return shown
}

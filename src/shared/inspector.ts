// What the inspector on every page shows: the session as the store really holds it, with the
// parts that would let someone take it over (the id, the CSRF secret) cut down or hidden.
import type { SignedInUser } from '#shared/accounts/sign-in.ts'
import type { SessionConfig } from '#shared/config.ts'
import { COOKIE_BYTE_LIMIT, SESSION_COOKIE } from '#shared/session/cookie.ts'
import { JWE_LIFETIME_SECONDS } from '#shared/session/jwe.ts'
import { ROW_BYTE_LIMIT, rowBytes } from '#shared/session/sessions.ts'
import type { LoadedSession, StoreKind } from '#shared/session/sessions.ts'

export interface Inspection {
  /** The configured store. */
  store: SessionConfig['store']
  /** Where this session is now, when that differs from the configured store: it moves at its next write. */
  movingFrom?: StoreKind
  /** Which secret opened the cookie: 0 ARC_APP_SECRET, n the nth of SESSION_SECRET_FALLBACKS. */
  keyIndex: number
  /** The session came from arc.http without a CSRF secret, and is given one now. */
  adopted: boolean
  cookie: {
    name: string
    /** As Architect sets them on every write. */
    attributes: string[]
    /** Bytes of the cookie this request carried (0: none). */
    bytes: number
    limit: number
  }
  /** Times in ms: the last write, when the token stops decrypting, when the browser drops the cookie. */
  jwe?: { alg: string, enc: string, issuedAt: number, tokenDiesAt: number, cookieExpiresAt: number }
  /** The first characters of the session id (enough to tell sessions apart, too few to use); `_ttl` in ms. */
  row?: { idPrefix: string, ttl: number, bytes: number, limit: number }
  deadlines?: { idle: number, absolute: number }
  /** The stored record, the store's own fields included, secrets redacted. */
  contents: Record<string, unknown> | undefined
}

const ID_PREFIX_LENGTH = 6

export function inspectSession (loaded: LoadedSession, config: SessionConfig, user: SignedInUser | undefined): Inspection {
  const { cookie } = config
  const { stored, jwe } = loaded
  const result: Inspection = {
    store: config.store,
    ...(loaded.from && loaded.from !== config.store.kind ? { movingFrom: loaded.from } : {}),
    keyIndex: loaded.keyIndex,
    adopted: loaded.adopted,
    cookie: {
      name: SESSION_COOKIE,
      attributes: [
        'HttpOnly', 'Path=/', `SameSite=${cookie.sameSite}`,
        ...(cookie.secure ? [ 'Secure' ] : []),
        ...(cookie.domain ? [ `Domain=${cookie.domain}` ] : []),
        `Max-Age=${Math.floor(cookie.maxAge)}`,
      ],
      bytes: loaded.cookieBytes,
      limit: COOKIE_BYTE_LIMIT,
    },
    contents: stored && redact(stored),
  }
  if (jwe && loaded.from === 'jwe') {
    const issuedAt = jwe.issuedAt * 1000
    result.jwe = {
      alg: jwe.header.alg, enc: jwe.header.enc, issuedAt,
      tokenDiesAt: issuedAt + JWE_LIFETIME_SECONDS * 1000,
      cookieExpiresAt: issuedAt + cookie.maxAge * 1000,
    }
  }
  if (loaded.from === 'dynamodb' && stored && loaded.id) {
    const ttl = typeof stored._ttl === 'number' ? stored._ttl * 1000 : 0
    result.row = { idPrefix: loaded.id.slice(0, ID_PREFIX_LENGTH), ttl, bytes: rowBytes(stored), limit: ROW_BYTE_LIMIT }
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

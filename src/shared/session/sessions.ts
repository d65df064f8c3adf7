// The app's one way in and out of sessions. It is lazy: nothing is read from DynamoDB without
// a validly signed cookie, and nothing is written unless a route returns a changed session.
// (arc.http instead creates a DynamoDB row for every request that arrives without a cookie.)
import { isDeepStrictEqual } from 'node:util'
import { randomBytes } from 'node:crypto'
import type { SessionConfig, SessionStore } from '#shared/config.ts'
import { COOKIE_BYTE_LIMIT, expiredSessionCookie, readSessionCookie, sessionCookie, sessionCookieBytes } from '#shared/session/cookie.ts'
import { jweKey, openJwe, sealJwe } from '#shared/session/jwe.ts'
import type { JweHeader } from '#shared/session/jwe.ts'
import { newSessionId, signSessionId, unsignSessionId } from '#shared/session/signed-id.ts'
import type { SessionRow, SessionTable } from '#shared/session/session-table.ts'
import type { SessionData, StoredSession } from '#shared/session/types.ts'

export interface SessionDeps {
  config: SessionConfig
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now: () => number
  /** Opened only when a DynamoDB session is actually read or written. */
  table: (name: string) => Promise<SessionTable>
}

export interface LoadedSession {
  store: SessionStore
  /** The session's contents, without the store's own fields. */
  data: Readonly<SessionData>
  /** Whether the request carried a session this app can read. */
  exists: boolean
  /** Whether the request carried any `_idx` cookie, valid or not. */
  cookieSent: boolean
  /** Random per-session value the CSRF token is bound to; empty before a session exists. */
  secret: string
  /** DynamoDB row id. */
  id: string | undefined
  /** What the session really is, for the inspector. */
  inspection: SessionInspection
}

export interface SessionInspection {
  /** Bytes of `_idx=<value>` as the browser sent it; 0 without a cookie. */
  cookieBytes: number
  /** The whole stored record, the store's own fields included (redact before showing). */
  stored: Readonly<StoredSession> | undefined
  jwe?: { header: JweHeader, issuedAt: number }
  row?: { ttl: number, bytes: number }
}

export interface SaveResult {
  /** The Set-Cookie header to send, if any. */
  setCookie: string | undefined
}

/** DynamoDB refuses items over 400 KB. */
export const ROW_BYTE_LIMIT = 400 * 1024

/**
 * A write the store cannot keep: browsers silently drop a cookie over 4096 bytes, DynamoDB
 * refuses an item over 400 KB. Nothing was written; the previous session stands.
 */
export class SessionTooLargeError extends Error {
  override name = 'SessionTooLargeError'
  readonly bytes: number
  readonly limit: number
  readonly store: SessionStore['kind']

  constructor (store: SessionStore['kind'], bytes: number, limit: number) {
    super(`The session would take ${bytes} bytes; the ${store === 'jwe' ? 'cookie' : 'DynamoDB item'} limit is ${limit}.`)
    this.store = store
    this.bytes = bytes
    this.limit = limit
  }
}

const INTERNAL_FIELDS = new Set([ '_idx', '_secret', '_ttl', 'iat' ])

export async function loadSession (headers: Readonly<Record<string, string | undefined>>, cookies: readonly string[] | undefined, deps: SessionDeps): Promise<LoadedSession> {
  const { store } = deps.config
  const cookie = readSessionCookie(headers, cookies)
  const cookieBytes = cookie.kind === 'one' ? sessionCookieBytes(cookie.value) : 0
  const empty: LoadedSession = {
    store, data: {}, exists: false, cookieSent: cookie.kind !== 'none', secret: '', id: undefined,
    inspection: { cookieBytes, stored: undefined },
  }
  if (cookie.kind !== 'one') return empty

  let stored: StoredSession | undefined
  let inspection: SessionInspection = empty.inspection
  if (store.kind === 'jwe') {
    const { secret, algorithm } = deps.config
    const opened = openJwe(cookie.value, jweKey(secret, algorithm), algorithm, Math.floor(deps.now() / 1000))
    stored = opened?.payload as StoredSession | undefined
    if (opened) inspection = { cookieBytes, stored, jwe: { header: opened.header, issuedAt: opened.issuedAt } }
  }
  else {
    const row = await readRow(store.table, cookie.value, deps)
    stored = row
    if (row) inspection = { cookieBytes, stored, row: { ttl: row._ttl, bytes: rowBytes(row) } }
  }
  if (!stored || typeof stored._secret !== 'string') return empty
  return { ...empty, data: contentsOf(stored), exists: true, secret: stored._secret, id: stored._idx, inspection }
}

export interface SaveOptions {
  /**
   * Give the session a new id (sign-in, sign-out): the DynamoDB row is deleted and a new one
   * written, and in both stores a new per-session secret is drawn, so old CSRF tokens die.
   */
  rotate?: boolean
}

/**
 * Stores `next` if it differs from what was loaded. `undefined` leaves the session alone;
 * `null` destroys it: the DynamoDB row is deleted and the browser told to drop the cookie.
 */
export async function saveSession (loaded: LoadedSession, next: SessionData | null | undefined, deps: SessionDeps, options: SaveOptions = {}): Promise<SaveResult> {
  const { config } = deps
  if (next === undefined) return { setCookie: undefined }
  if (next === null) {
    await deleteRow(loaded, deps)
    return { setCookie: loaded.cookieSent ? expiredSessionCookie(config.cookie) : undefined }
  }
  const rotate = options.rotate === true
  const data = contentsOf(next)
  if (!rotate && isDeepStrictEqual(data, loaded.data) && (loaded.exists || Object.keys(data).length === 0)) {
    return { setCookie: undefined }
  }

  const secret = rotate || !loaded.secret ? randomBytes(18).toString('base64url') : loaded.secret
  const nowMs = deps.now()
  const nowSeconds = Math.floor(nowMs / 1000)
  if (loaded.store.kind === 'jwe') {
    const token = sealJwe({ ...data, _secret: secret }, jweKey(config.secret, config.algorithm), config.algorithm, nowSeconds)
    const bytes = sessionCookieBytes(token)
    if (bytes > COOKIE_BYTE_LIMIT) throw new SessionTooLargeError('jwe', bytes, COOKIE_BYTE_LIMIT)
    return { setCookie: sessionCookie(token, config.cookie, nowMs) }
  }
  const id = rotate || !loaded.id ? newSessionId() : loaded.id
  const row: SessionRow = { ...data, _idx: id, _secret: secret, _ttl: nowSeconds + rowLifetimeSeconds(config) }
  const bytes = rowBytes(row)
  if (bytes > ROW_BYTE_LIMIT) throw new SessionTooLargeError('dynamodb', bytes, ROW_BYTE_LIMIT)
  const table = await deps.table(loaded.store.table)
  await table.put(row)
  // Only once the new row exists: a failed write must not leave the visitor with no session.
  if (rotate && loaded.id) await table.delete(loaded.id)
  return { setCookie: sessionCookie(signSessionId(id, config.signingSecret), config.cookie, nowMs) }
}

/** A row's size as the guard and the inspector count it. JSON overstates DynamoDB's own count a little, so the guard refuses slightly early, never late. */
function rowBytes (row: SessionRow): number {
  return Buffer.byteLength(JSON.stringify(row))
}

async function deleteRow (loaded: LoadedSession, deps: SessionDeps): Promise<void> {
  if (loaded.store.kind === 'dynamodb' && loaded.id) {
    await (await deps.table(loaded.store.table)).delete(loaded.id)
  }
}

async function readRow (table: string, signedId: string, deps: SessionDeps): Promise<SessionRow | undefined> {
  const id = unsignSessionId(signedId, deps.config.signingSecret)
  if (!id) return undefined
  const row = await (await deps.table(table)).get(id)
  // DynamoDB deletes expired rows lazily, sometimes days late: a row past its _ttl is gone.
  if (!row || typeof row._ttl !== 'number' || row._ttl * 1000 <= deps.now()) return undefined
  return row
}

/** A DynamoDB row lives as long as the cookie, capped at Architect's own one week. */
function rowLifetimeSeconds (config: SessionConfig): number {
  return Math.min(config.cookie.maxAge, 604800)
}

function contentsOf (stored: object): SessionData {
  const data: Record<string, unknown> = {}
  for (const [ key, value ] of Object.entries(stored)) {
    if (!INTERNAL_FIELDS.has(key)) data[key] = value
  }
  return data as SessionData
}

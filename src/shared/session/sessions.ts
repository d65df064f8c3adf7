// The app's one way in and out of sessions, with the two verbs of `arc.http.session`:
// loadSession is its `read`, saveSession its `write`, in the same cookie and the same formats
// (an arc.http route reads these sessions, and these routes read its). Where this app differs:
// - Lazy: nothing is read from DynamoDB without a validly signed cookie and nothing is written
//   unless the session changed (arc.http writes a row for every request without a cookie).
// - Strict: a JWE token opens only with the exact header it was sealed with; several `_idx`
//   cookies read as none; a row past its `_ttl` reads as gone though DynamoDB has not reaped it.
// - Rotation: `rotate` gives the session a new id and CSRF secret (Architect never rotates).
// - Secret rotation: a cookie made under SESSION_SECRET_FALLBACKS opens, and is re-sealed or
//   re-signed under ARC_APP_SECRET in the same response.
// - Store switching: a live session of the other store moves into ARC_SESSION_TABLE_NAME's at
//   its next request (one write), so a switch signs nobody out.
// - Adoption: a session arc.http created has no `_secret` (the CSRF binding): it gets one at once.
import { createHash, randomBytes } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type { SessionConfig, SessionStore } from '#shared/config.ts'
import { COOKIE_BYTE_LIMIT, expiredSessionCookie, readSessionCookie, sessionCookie, sessionCookieBytes } from '#shared/session/cookie.ts'
import { JWE_LIFETIME_SECONDS, jweKey, openJwe, sealJwe } from '#shared/session/jwe.ts'
import type { OpenedJwe } from '#shared/session/jwe.ts'
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

export type StoreKind = SessionStore['kind']

export interface LoadedSession {
  /** Where the session is now; it moves to the configured store at its next write. */
  from: StoreKind | undefined
  /** The session's contents, without the store's own fields. */
  data: Readonly<SessionData>
  /** Whether the request carried a session this app can read. */
  exists: boolean
  /** The `_idx` cookies the request carried. */
  cookie: 'none' | 'one' | 'several'
  /** Random per-session value the CSRF token is bound to; empty before a session exists. */
  secret: string
  /** DynamoDB row id, when the session is a row. */
  id: string | undefined
  /** Which secret opened the cookie: 0 ARC_APP_SECRET, n the nth of SESSION_SECRET_FALLBACKS. */
  keyIndex: number
  /** The cookie must be issued again though nothing changed: a fallback key, or the other store's format. */
  stale: boolean
  /** Made by arc.http without a CSRF secret: one was drawn here, and is written in this response. */
  adopted: boolean
  /** The whole stored record, the store's own fields included (redact before showing). */
  stored: Readonly<StoredSession> | undefined
  /** Bytes of `_idx=<value>` as the browser sent it (0: none); for a JWE cookie, its header and last write. */
  cookieBytes: number
  jwe?: Pick<OpenedJwe, 'header' | 'issuedAt'>
}

/** DynamoDB refuses items over 400 KB. */
export const ROW_BYTE_LIMIT = 400 * 1024

/**
 * A write the store cannot keep: browsers silently drop a cookie over 4096 bytes, DynamoDB
 * refuses an item over 400 KB. Nothing was written; the previous session stands.
 */
export class SessionTooLargeError extends Error {
  override name = 'SessionTooLargeError'
  readonly store: StoreKind
  readonly bytes: number
  readonly limit: number

  constructor (store: StoreKind, bytes: number, limit: number) {
    super(`The session would take ${bytes} bytes; the ${store === 'jwe' ? 'cookie' : 'DynamoDB item'} limit is ${limit}.`)
    this.store = store
    this.bytes = bytes
    this.limit = limit
  }
}

const INTERNAL_FIELDS = new Set([ '_idx', '_secret', '_ttl', 'iat', '_moved', '_ended' ])

export async function loadSession (cookieHeader: string, deps: SessionDeps): Promise<LoadedSession> {
  const cookie = readSessionCookie(cookieHeader)
  const cookieBytes = cookie.kind === 'one' ? sessionCookieBytes(cookie.value) : 0
  const none: LoadedSession = {
    from: undefined, data: {}, exists: false, cookie: cookie.kind, secret: '', id: undefined,
    keyIndex: 0, stale: false, adopted: false, stored: undefined, cookieBytes,
  }
  if (cookie.kind !== 'one') return none
  // A JWE compact token has five dot-separated parts; a signed id has two.
  const found = cookie.value.split('.').length === 5 ? await fromJwe(cookie.value, deps) : await fromRow(cookie.value, deps)
  if (!found) return none
  const { stored } = found
  const adopted = typeof stored._secret !== 'string' || stored._secret === ''
  return {
    ...none, ...found, exists: true, adopted,
    data: contentsOf(stored),
    secret: adopted ? newSecret() : stored._secret as string,
  }
}

type Found = Pick<LoadedSession, 'from' | 'id' | 'keyIndex' | 'stale' | 'jwe'> & { stored: StoredSession }

async function fromJwe (token: string, deps: SessionDeps): Promise<Found | undefined> {
  const { config } = deps
  const keys = [ config.secret, ...config.fallbacks ].map(secret => jweKey(secret, config.algorithm))
  const opened = await openJwe(token, keys, config.algorithm, Math.floor(deps.now() / 1000))
  if (!opened) return undefined
  const found: Found = {
    from: 'jwe', id: undefined, keyIndex: opened.keyIndex, stale: opened.keyIndex > 0,
    stored: opened.payload as StoredSession, jwe: { header: opened.header, issuedAt: opened.issuedAt },
  }
  const secret = found.stored._secret
  if (config.store.kind === 'jwe' || typeof secret !== 'string') return found
  // Moving to DynamoDB: has this session moved already (a parallel request, or a copy of its cookie)?
  const row = await (await deps.table(config.sessionTable)).get(movedRowId(secret))
  if (!row) return found
  if (!isAlive(row, deps)) return undefined
  return { from: 'dynamodb', id: row._idx, keyIndex: 0, stale: true, stored: row }
}

async function fromRow (signedId: string, deps: SessionDeps): Promise<Found | undefined> {
  const { config } = deps
  const unsigned = unsignSessionId(signedId, [ config.signingSecret, ...config.fallbacks ])
  if (!unsigned) return undefined
  const row = await (await deps.table(config.sessionTable)).get(unsigned.id)
  if (!row || !isAlive(row, deps)) return undefined
  return { from: 'dynamodb', id: row._idx, keyIndex: unsigned.keyIndex, stale: unsigned.keyIndex > 0, stored: row }
}

/** DynamoDB deletes expired rows lazily, sometimes days late: a row past its `_ttl` is gone. */
function isAlive (row: SessionRow, deps: SessionDeps): boolean {
  return !row._ended && typeof row._ttl === 'number' && row._ttl * 1000 > deps.now()
}

export interface SaveOptions {
  /**
   * Give the session a new id (sign-in, sign-out): the DynamoDB row is deleted and a new one
   * written, and in both stores a new per-session secret is drawn, so old CSRF tokens die.
   */
  rotate?: boolean
}

/**
 * Stores `next` if it differs from what was loaded, or if the session must be written anyway
 * (adopted, re-keyed, moving stores). `undefined` keeps the loaded contents; `null` destroys
 * the session: its row is deleted and the browser told to drop the cookie.
 */
export async function saveSession (
  loaded: LoadedSession, next: SessionData | null | undefined, deps: SessionDeps, options: SaveOptions = {},
): Promise<{ cookies: string[] }> {
  const { config } = deps
  if (next === null) {
    await endRow(loaded, deps)
    return { cookies: loaded.cookie === 'none' ? [] : [ expiredSessionCookie(config.cookie) ] }
  }
  const rotate = options.rotate === true
  const data = contentsOf(next ?? loaded.data)
  const changed = rotate || !isDeepStrictEqual(data, loaded.data) || (!loaded.exists && Object.keys(data).length > 0)
  const target = config.store.kind
  const moving = loaded.exists && loaded.from !== target
  if (!changed && !moving && !loaded.adopted && !loaded.stale) return { cookies: [] }

  const secret = rotate || !loaded.secret ? newSecret() : loaded.secret
  const nowMs = deps.now()
  const nowSeconds = Math.floor(nowMs / 1000)
  const keptAsRow = target === 'jwe' && loaded.from === 'dynamodb' && !rotate
  if (target === 'jwe') {
    const key = jweKey(config.secret, config.algorithm)
    if (!key) throw new Error('No key to seal a JWE session with: ARC_APP_SECRET is missing')
    const token = await sealJwe({ ...data, _secret: secret }, key, config.algorithm, nowSeconds)
    const bytes = sessionCookieBytes(token)
    if (bytes <= COOKIE_BYTE_LIMIT) {
      // A row moving into a cookie lives on there under the same secret: delete it, never leave a
      // tombstone, which would end this very cookie at the next switch to DynamoDB.
      if (keptAsRow && loaded.id) await (await deps.table(config.sessionTable)).delete(loaded.id)
      else await endRow(loaded, deps)
      return { cookies: [ sessionCookie(token, config.cookie, nowMs) ] }
    }
    // Too large for a cookie: a session that is a row stays one (nothing is lost); a new one is refused.
    if (!keptAsRow) throw new SessionTooLargeError('jwe', bytes, COOKIE_BYTE_LIMIT)
    if (!changed && !loaded.adopted) return { cookies: loaded.stale ? [ signedCookie(loaded.id ?? '', deps) ] : [] }
  }

  let id = rotate || !loaded.id ? newSessionId() : loaded.id
  // A session moving from a cookie gets an id derived from its secret, so a copy of its old cookie
  // finds this row (or, once it has ended, its tombstone) instead of moving again.
  if (loaded.from === 'jwe' && !rotate) id = movedRowId(secret)
  if (!changed && !moving && !loaded.adopted) return { cookies: [ signedCookie(id, deps) ] }
  const movedAt = rotate ? undefined : loaded.from === 'jwe' ? nowSeconds : loaded.stored?._moved
  const row: SessionRow = {
    ...data, _idx: id, _secret: secret, _ttl: nowSeconds + rowLifetimeSeconds(config),
    ...(movedAt !== undefined ? { _moved: movedAt } : {}),
  }
  const bytes = rowBytes(row)
  if (bytes > ROW_BYTE_LIMIT) throw new SessionTooLargeError('dynamodb', bytes, ROW_BYTE_LIMIT)
  // Over the row it was read from, or a row it moves into, only while that session has not ended
  // meanwhile (a sign-out or revocation between this request's read and this write).
  const condition = id === loaded.id ? 'live' : loaded.from === 'jwe' && !rotate ? 'not-ended' : undefined
  if (!await (await deps.table(config.sessionTable)).put(row, condition)) {
    return { cookies: [ expiredSessionCookie(config.cookie) ] }
  }
  // Only once the new row exists: a failed write must not leave the visitor with no session.
  if (rotate) await endRow(loaded, deps)
  return { cookies: [ signedCookie(id, deps) ] }
}

/**
 * Ends a session's row. A row that moved from a JWE cookie becomes a tombstone until every copy
 * of that cookie has died, so a copy cannot move it back to life; any other row is deleted.
 */
export async function endSessionRow (table: SessionTable, row: Pick<SessionRow, '_idx' | '_moved'>, nowSeconds: number): Promise<void> {
  if (row._moved === undefined) return table.delete(row._idx)
  await table.put({ _idx: row._idx, _ended: true, _ttl: nowSeconds + JWE_LIFETIME_SECONDS } as SessionRow)
}

/** Ends the loaded session where it lives; a cookie session ended under DynamoDB leaves a tombstone. */
async function endRow (loaded: LoadedSession, deps: SessionDeps): Promise<void> {
  const nowSeconds = Math.floor(deps.now() / 1000)
  if (loaded.from === 'dynamodb' && loaded.id) {
    await endSessionRow(await deps.table(deps.config.sessionTable), { _idx: loaded.id, _moved: loaded.stored?._moved }, nowSeconds)
  }
  else if (loaded.from === 'jwe' && deps.config.store.kind === 'dynamodb' && !loaded.adopted) {
    await endSessionRow(await deps.table(deps.config.sessionTable), { _idx: movedRowId(loaded.secret), _moved: nowSeconds }, nowSeconds)
  }
}

/** A row's size as the guard and the inspector count it. JSON overstates DynamoDB's count a little: the guard refuses early, never late. */
export function rowBytes (row: object): number {
  return Buffer.byteLength(JSON.stringify(row))
}

function signedCookie (id: string, deps: SessionDeps): string {
  return sessionCookie(signSessionId(id, deps.config.signingSecret), deps.config.cookie, deps.now())
}

/** The row id of a session that moved from a JWE cookie: unguessable, as its secret is. */
function movedRowId (secret: string): string {
  return createHash('sha256').update(`moved:${secret}`).digest('base64url').slice(0, 32)
}

function newSecret (): string {
  return randomBytes(18).toString('base64url')
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

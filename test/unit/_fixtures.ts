// Shared fixtures for the unit tests: a fixed clock, a recording in-memory sessions table,
// request and page builders, and a Set-Cookie reader. No I/O, no network, no sandbox.
import type { AccountTables, UserRecord } from '../../src/shared/accounts/account-tables.ts'
import type { LockoutRecord } from '../../src/shared/accounts/lockout.ts'
import { hashPassword } from '../../src/shared/accounts/passwords.ts'
import type { ScryptParams } from '../../src/shared/accounts/passwords.ts'
import { timeoutsFor } from '../../src/shared/accounts/sign-in.ts'
import type { SignedInUser } from '../../src/shared/accounts/sign-in.ts'
import { sessionConfigFor } from '../../src/shared/config.ts'
import type { Env, SessionConfig } from '../../src/shared/config.ts'
import { csrfToken } from '../../src/shared/http/csrf.ts'
import type { HttpEvent, HttpResult, RouteRequest } from '../../src/shared/http/handler.ts'
import type { SessionRow, SessionTable } from '../../src/shared/session/session-table.ts'
import { loadSession, saveSession } from '../../src/shared/session/sessions.ts'
import type { LoadedSession, SessionDeps } from '../../src/shared/session/sessions.ts'
import type { SessionData, StoredSession } from '../../src/shared/session/types.ts'
import type { PageContext } from '../../src/views/render.ts'

export type StoreName = 'jwe' | 'dynamodb'

/** The app secret the unit tests configure (longer than any JWE key, as Architect requires). */
export const APP_SECRET = 'x'.repeat(40)

/** A fixed "now" in milliseconds (Wednesday 15 January 2025, 12:00:00 UTC), so dates in cookies are predictable. */
export const NOW_MS = Date.UTC(2025, 0, 15, 12, 0, 0)

/** NOW_MS in whole seconds, the unit of `iat` and `_ttl`. */
export const NOW_S = NOW_MS / 1000

/** One week in seconds: Architect's JWE lifetime and the longest a DynamoDB row lives without a write. */
export const WEEK_S = 604800

/** The sandbox-like environment for a store: ARC_ENV testing, APP_SECRET, and `jwe` or the `sessions` table. */
export function testEnv (store: StoreName, extra: Env = {}): Env {
  return {
    ARC_ENV: 'testing',
    ARC_APP_SECRET: APP_SECRET,
    ARC_SESSION_TABLE_NAME: store === 'jwe' ? 'jwe' : 'sessions',
    ...extra,
  }
}

/** The SessionConfig the app derives from testEnv(store). */
export function testConfig (store: StoreName, extra: Env = {}): SessionConfig {
  return sessionConfigFor(testEnv(store, extra))
}

/** A clock tests can move: `now()` in milliseconds, `advance(seconds)` to let time pass. */
export interface FakeClock { now: () => number, advance: (seconds: number) => void }

export function fakeClock (startMs: number = NOW_MS): FakeClock {
  let ms = startMs
  return { now: () => ms, advance: seconds => { ms += seconds * 1000 } }
}

/** One call the app made to the sessions table (`open` is deps.table(name), the rest are SessionTable methods). */
export type TableCall =
  | { op: 'open', table: string }
  | { op: 'get', id: string }
  | { op: 'put', row: SessionRow }
  | { op: 'delete', id: string }
  | { op: 'byUser', id: string }

/** An in-memory DynamoDB sessions table that records every call, so tests can assert what was (not) read or written. */
export interface RecordingTable {
  /** Pass as the `table` dependency of SessionDeps / createHandler. */
  open: (name: string) => Promise<SessionTable>
  rows: Map<string, SessionRow>
  calls: TableCall[]
  /** The calls other than opening the table. */
  reads: () => TableCall[]
  puts: () => SessionRow[]
}

export function recordingTable (initialRows: SessionRow[] = []): RecordingTable {
  const rows = new Map(initialRows.map(row => [ row._idx, structuredClone(row) ]))
  const calls: TableCall[] = []
  const table: SessionTable = {
    async get (id) {
      calls.push({ op: 'get', id })
      const row = rows.get(id)
      return row && structuredClone(row)
    },
    async put (row, condition) {
      // DynamoDB's conditional PutItem: a refused write changes nothing (and is not recorded as a put).
      const stored = rows.get(row._idx)
      if (condition === 'live' && (stored === undefined || stored._ended === true)) return false
      if (condition === 'not-ended' && stored?._ended === true) return false
      calls.push({ op: 'put', row: structuredClone(row) })
      rows.set(row._idx, structuredClone(row))
      return true
    },
    async byUser (email) {
      calls.push({ op: 'byUser', id: email })
      return [ ...rows.values() ].filter(row => row.userEmail === email).map(row => structuredClone(row))
    },
    async delete (id) {
      calls.push({ op: 'delete', id })
      rows.delete(id)
    },
  }
  return {
    async open (name) {
      calls.push({ op: 'open', table: name })
      return table
    },
    rows,
    calls,
    reads: () => calls.filter(call => call.op === 'get'),
    puts: () => calls.flatMap(call => call.op === 'put' ? [ call.row ] : []),
  }
}

/** SessionDeps for loadSession/saveSession: the config of a store, a fake clock and a recording table. */
export function sessionDeps (store: StoreName, table: RecordingTable, clock: FakeClock = fakeClock(), extra: Env = {}): SessionDeps {
  return { config: testConfig(store, extra), now: clock.now, table: table.open }
}

/** A parsed Set-Cookie header: name, raw value, and attributes by lower-cased name (`true` for flags). */
export interface SetCookie { name: string, value: string, attributes: Map<string, string | true> }

export function parseSetCookie (header: string): SetCookie {
  const [ pair = '', ...rest ] = header.split(';').map(part => part.trim())
  const eq = pair.indexOf('=')
  const attributes = new Map<string, string | true>()
  for (const attribute of rest) {
    const at = attribute.indexOf('=')
    if (at === -1) attributes.set(attribute.toLowerCase(), true)
    else attributes.set(attribute.slice(0, at).toLowerCase(), attribute.slice(at + 1))
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes }
}

/** Every Set-Cookie of a handler's result: API Gateway's `cookies` array, then a `set-cookie` header if any. */
export function setCookiesOf (result: HttpResult): string[] {
  const header = result.headers['set-cookie']
  return [ ...(result.cookies ?? []), ...(header !== undefined ? [ header ] : []) ]
}

/** The one Set-Cookie of a result, or '' when it has none or several (so the caller's assertions fail). */
export function setCookieOf (result: HttpResult): string {
  const all = setCookiesOf(result)
  return all.length === 1 ? all[0] ?? '' : ''
}

/** The request headers a browser sends back after receiving this Set-Cookie. */
export function cookieHeaderFrom (setCookie: string): Record<string, string> {
  const { name, value } = parseSetCookie(setCookie)
  return { cookie: `${name}=${value}` }
}

/** A PageContext as the handler builds it, for rendering pages directly. */
export function pageContext (overrides: Partial<PageContext> = {}): PageContext {
  return {
    path: '/',
    store: { kind: 'jwe' },
    session: {},
    sessionExists: false,
    csrfToken: csrfToken('', APP_SECRET),
    ...overrides,
  }
}

/** A RouteRequest for calling a route function directly; its page context follows `path` and `session`. */
export function routeRequest (overrides: Partial<RouteRequest> = {}): RouteRequest {
  const path = overrides.path ?? '/'
  const session: SessionData = overrides.session ?? {}
  return {
    method: 'GET',
    path,
    query: {},
    headers: {},
    form: {},
    session,
    page: pageContext({ path, session }),
    config: testConfig('jwe'),
    timeouts: timeoutsFor({}),
    env: testEnv('jwe'),
    now: NOW_MS,
    user: undefined,
    sessionId: undefined,
    accounts: () => Promise.reject(new Error('this test opened the account tables')),
    sessionTable: () => Promise.reject(new Error('this test opened the sessions table')),
    ...overrides,
  }
}

/** An API Gateway HTTP API (payload 2.0) event, as Lambda receives it. */
export function httpEvent (method: string, path: string, headers: Record<string, string> = {}, body?: string): HttpEvent {
  return {
    rawPath: path,
    requestContext: { http: { method, path } },
    headers: { host: 'localhost:3333', ...headers },
    body: body ?? null,
    isBase64Encoded: false,
  }
}

/** A POST of form fields from a page on the same origin, as a browser submits it. */
export function formPost (path: string, fields: Record<string, string>, headers: Record<string, string> = {}): HttpEvent {
  return httpEvent('POST', path, {
    'content-type': 'application/x-www-form-urlencoded',
    origin: 'http://localhost:3333',
    'sec-fetch-site': 'same-origin',
    ...headers,
  }, new URLSearchParams(fields).toString())
}

/** Runs `fn` with process.env changed as given (undefined unsets), then restores every variable it touched. */
export async function withEnv<T> (vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map(Object.keys(vars).map(name => [ name, process.env[name] ]))
  for (const [ name, value ] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  try {
    return await fn()
  }
  finally {
    for (const [ name, value ] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** scrypt at 1/128 of the real cost (N=2^10), so tests that hash many passwords stay fast. */
export const CHEAP_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 }

/** One call the app made to the account tables (`saved`/`created`: whether the conditional write succeeded). */
export type AccountCall =
  | { op: 'users.get', email: string }
  | { op: 'users.create', user: UserRecord, created: boolean }
  | { op: 'users.setPasswordHash', email: string, passwordHash: string }
  | { op: 'users.setSessionsValidSince', email: string, at: number }
  | { op: 'lockouts.get', email: string }
  | { op: 'lockouts.save', record: LockoutRecord, saved: boolean }

/** In-memory `users` and `lockouts` tables with DynamoDB's conditional writes, recording every call. */
export interface MemoryAccounts {
  tables: AccountTables
  /** Pass as RouteRequest.accounts. */
  open: () => Promise<AccountTables>
  users: Map<string, UserRecord>
  lockouts: Map<string, LockoutRecord>
  calls: AccountCall[]
}

/** The account tables of account-tables.ts in memory: create fails on a taken email, save on a stale version. */
export function memoryAccounts (initialUsers: UserRecord[] = [], initialLockouts: LockoutRecord[] = []): MemoryAccounts {
  const users = new Map(initialUsers.map(user => [ user.email, structuredClone(user) ]))
  const lockouts = new Map(initialLockouts.map(record => [ record.email, structuredClone(record) ]))
  const calls: AccountCall[] = []
  // Like DynamoDB's UpdateItem, an update of a missing user creates a row holding only that attribute.
  const update = (email: string, change: Partial<UserRecord>) =>
    users.set(email, { ...(users.get(email) ?? { email } as UserRecord), ...change })
  const tables: AccountTables = {
    users: {
      async get (email) {
        calls.push({ op: 'users.get', email })
        const user = users.get(email)
        return user && structuredClone(user)
      },
      async create (user) {
        const created = !users.has(user.email)
        calls.push({ op: 'users.create', user: structuredClone(user), created })
        if (created) users.set(user.email, structuredClone(user))
        return created
      },
      async setPasswordHash (email, passwordHash) {
        calls.push({ op: 'users.setPasswordHash', email, passwordHash })
        update(email, { passwordHash })
      },
      async setSessionsValidSince (email, at) {
        calls.push({ op: 'users.setSessionsValidSince', email, at })
        update(email, { sessionsValidSince: at })
      },
    },
    lockouts: {
      async get (email) {
        calls.push({ op: 'lockouts.get', email })
        const record = lockouts.get(email)
        return record && structuredClone(record)
      },
      async save (record) {
        const stored = lockouts.get(record.email)
        const saved = stored === undefined || stored.version === record.version - 1
        calls.push({ op: 'lockouts.save', record: structuredClone(record), saved })
        if (saved) lockouts.set(record.email, structuredClone(record))
        return saved
      },
    },
  }
  return { tables, open: async () => tables, users, lockouts, calls }
}

/** A registered account whose password hashes at `params` (cheap by default), created at NOW_MS. */
export async function accountWithPassword (email: string, password: string, params: ScryptParams = CHEAP_SCRYPT): Promise<UserRecord> {
  return { email, passwordHash: await hashPassword(password, params), createdAt: NOW_MS, sessionsValidSince: 0 }
}

/** The user a route sees after the sign-in checks: signed in 10 minutes before NOW_MS, seen 1 minute before. */
export function signedInUser (email: string, overrides: Partial<SignedInUser> = {}): SignedInUser {
  const timeouts = timeoutsFor({})
  const signedInAt = overrides.signedInAt ?? NOW_MS - 10 * 60 * 1000
  const lastSeenAt = overrides.lastSeenAt ?? NOW_MS - 60 * 1000
  return {
    email, signedInAt, lastSeenAt,
    idleDeadline: lastSeenAt + timeouts.idleMs,
    absoluteDeadline: signedInAt + timeouts.absoluteMs,
    ...overrides,
  }
}

/** A DynamoDB row of a signed-in session: signed in 10 minutes and seen 1 minute before NOW_MS, expiring in a week. */
export function signedInRow (id: string, email: string, overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    _idx: id,
    _secret: `secret-of-${id}`,
    _ttl: NOW_S + WEEK_S,
    userEmail: email,
    signedInAt: NOW_MS - 10 * 60 * 1000,
    lastSeenAt: NOW_MS - 60 * 1000,
    device: 'Firefox on Linux',
    ...overrides,
  }
}

/** The one Set-Cookie a save issued (fails loudly if it issued none or several). */
export function onlyCookie ({ cookies }: { cookies: string[] }): string {
  if (cookies.length !== 1) throw new Error(`expected one Set-Cookie, got ${cookies.length}`)
  return cookies[0] ?? ''
}

/** A first visit (no cookie) that saves `data`: returns the Set-Cookie header the browser receives. */
export async function createSession (deps: SessionDeps, data: StoredSession): Promise<string> {
  return onlyCookie(await saveSession(await loadSession('', deps), data, deps))
}

/** Loads the session the browser holding this Set-Cookie would send back. */
export function loadFrom (setCookie: string, deps: SessionDeps): Promise<LoadedSession> {
  return loadSession(cookieHeaderFrom(setCookie).cookie ?? '', deps)
}

/** The cookie's value as the store reads it. */
export function valueOf (setCookie: string): string {
  return decodeURIComponent(parseSetCookie(setCookie).value)
}

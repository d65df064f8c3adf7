// Shared fixtures for the unit tests: a fixed clock, a recording in-memory sessions table,
// request and page builders, and a Set-Cookie reader. No I/O, no network, no sandbox.
import { sessionConfigFor } from '../../src/shared/config.ts'
import type { Env, SessionConfig } from '../../src/shared/config.ts'
import { csrfToken } from '../../src/shared/http/csrf.ts'
import type { HttpEvent, RouteRequest } from '../../src/shared/http/handler.ts'
import type { SessionRow, SessionTable } from '../../src/shared/session/session-table.ts'
import type { SessionDeps } from '../../src/shared/session/sessions.ts'
import type { SessionData } from '../../src/shared/session/types.ts'
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
    async put (row) {
      calls.push({ op: 'put', row: structuredClone(row) })
      rows.set(row._idx, structuredClone(row))
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
    now: NOW_MS,
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

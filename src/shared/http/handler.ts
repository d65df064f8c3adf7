// Turns a route (request in, response out) into a Lambda handler, in four steps a reader can
// follow: prepare the request (configuration, session, who is signed in), check a POST (form,
// origin, CSRF token), run the route, and turn its response into an HTTP result, writing the
// session only if it must. One place catches, and renders a real error page for what went wrong.
import { arcAccountTables } from '#shared/accounts/account-tables.ts'
import { isAdmin } from '#shared/accounts/admins.ts'
import type { AccountTables } from '#shared/accounts/account-tables.ts'
import { DEMO_ACCOUNT } from '#shared/accounts/demo-account.ts'
import { checkSignIn, timeoutsFor } from '#shared/accounts/sign-in.ts'
import type { SignedInUser, Timeouts } from '#shared/accounts/sign-in.ts'
import { clockFor } from '#shared/clock.ts'
import { ConfigError, sessionConfigFor, stageOf } from '#shared/config.ts'
import type { Env, SessionConfig } from '#shared/config.ts'
import { CSRF_FIELD, csrfToken, isValidCsrfToken, requestOrigin } from '#shared/http/csrf.ts'
import { parseForm } from '#shared/http/form.ts'
import type { FormFields } from '#shared/http/form.ts'
import { headerValue } from '#shared/http/headers.ts'
import type { Headers } from '#shared/http/headers.ts'
import { localPath } from '#shared/http/local-path.ts'
import { HttpError, errorResponse } from '#shared/http/route.ts'
import type { Route, RouteRequest, RouteResponse } from '#shared/http/route.ts'
import { fallbackProblem, secretAdvice, secretProblem } from '#shared/secret-check.ts'
import { expiredPlantedCookies } from '#shared/session/cookie.ts'
import { inspectSession } from '#shared/inspector.ts'
import { arcSessionTable } from '#shared/session/session-table.ts'
import type { SessionTable } from '#shared/session/session-table.ts'
import { SessionTooLargeError, loadSession, saveSession } from '#shared/session/sessions.ts'
import type { LoadedSession, SessionDeps } from '#shared/session/sessions.ts'
import type { SessionData } from '#shared/session/types.ts'
import { MESSAGES } from '#views/labels.ts'
import type { PageContext } from '#views/render.ts'

export type { Route, RouteRequest, RouteResponse } from '#shared/http/route.ts'

/** The parts of an API Gateway event (payload 1.0 or 2.0) this app reads. */
export interface HttpEvent {
  httpMethod?: string
  path?: string
  rawPath?: string
  rawQueryString?: string
  requestContext?: { http?: { method?: string, path?: string } }
  headers?: Record<string, string | undefined> | null
  cookies?: string[]
  queryStringParameters?: Record<string, string | undefined> | null
  body?: string | null
  isBase64Encoded?: boolean
}

/** API Gateway's HTTP API sends several Set-Cookie headers only through `cookies`. */
export interface HttpResult {
  statusCode: number
  headers: Record<string, string>
  cookies?: string[]
  body: string
}

export interface HandlerDeps {
  env: Env
  /** Milliseconds since the epoch. */
  now: () => number
  table: (name: string) => Promise<SessionTable>
  accounts: () => Promise<AccountTables>
}

export interface HandlerOptions extends Partial<HandlerDeps> {
  /** False for routes that never act on a form (the 404 page): their POSTs skip form and CSRF checks. */
  readsForms?: boolean
}

const defaultDeps: HandlerDeps = {
  env: process.env,
  now: clockFor(process.env),
  table: arcSessionTable,
  accounts: arcAccountTables,
}

/** One request as the handler sees it, before any session is read. */
interface Incoming {
  method: string
  path: string
  query: Readonly<Record<string, string | undefined>>
  headers: Headers
  cookieHeader: string
  event: HttpEvent
}

/** A request with its configuration, session and user worked out. */
interface Prepared extends Incoming {
  config: SessionConfig
  timeouts: Timeouts
  /** The one "now" of this request: the sign-in checks and the route see the same moment. */
  now: number
  /** Opened at most once per request, by the sign-in checks or the route. */
  accounts: () => Promise<AccountTables>
  sessionDeps: SessionDeps
  loaded: LoadedSession
  session: SessionData
  user: SignedInUser | undefined
  /** A sign-in that just ended (timeout, log out everywhere): the session is rotated. */
  ended: boolean
  page: PageContext
}

export function createHandler (route: Route, options: HandlerOptions = {}): (event: HttpEvent) => Promise<HttpResult> {
  const { readsForms = true, ...overrides } = options
  const deps: HandlerDeps = { ...defaultDeps, ...overrides }
  return async function handler (event) {
    const incoming = readEvent(event)
    let page = barePage(incoming.path)
    try {
      const request = await prepare(incoming, deps)
      page = request.page
      const form = request.method === 'POST' && readsForms ? checkPost(request) : {}
      // A sign-in that just ended: show this page afresh under the signed-out session.
      const response = request.ended && request.method === 'GET'
        ? { location: localPath(request.path + queryOf(event)) }
        : await route(routeRequest(request, form, deps))
      return await toHttp(response, request)
    }
    catch (error) {
      return failure(error, page)
    }
  }
}

function readEvent (event: HttpEvent): Incoming {
  const headers = event.headers ?? {}
  return {
    method: (event.requestContext?.http?.method ?? event.httpMethod ?? 'GET').toUpperCase(),
    path: event.rawPath ?? event.requestContext?.http?.path ?? event.path ?? '/',
    query: event.queryStringParameters ?? {},
    headers,
    cookieHeader: headerValue(headers, 'cookie') ?? event.cookies?.join('; ') ?? '',
    event,
  }
}

/** Step 1: configuration (a deployed stage without a proper secret refuses), session, sign-in state. */
async function prepare (incoming: Incoming, deps: HandlerDeps): Promise<Prepared> {
  const stage = stageOf(deps.env)
  const problem = secretProblem(deps.env, stage)
  const fallback = fallbackProblem(deps.env, stage)
  const secretWarning = problem ? secretAdvice(problem, deps.env) : fallback && secretAdvice(fallback.problem, deps.env, fallback.fallback)
  if (secretWarning && stage !== 'testing') throw new HttpError(500, secretWarning.title, secretWarning.message, secretWarning.commands)
  const config = sessionConfigFor(deps.env)
  const timeouts = timeoutsFor(deps.env)
  const sessionDeps: SessionDeps = { config, now: deps.now, table: deps.table }
  const loaded = await loadSession(incoming.cookieHeader, sessionDeps)
  const now = deps.now()
  const accounts = once(deps.accounts)
  const signIn = await checkSignIn(loaded.data, now, timeouts, async () => (await accounts()).users)
  const session = signIn.state === 'anonymous' ? { ...loaded.data } : signIn.session
  const user = signIn.state === 'signed-in' ? signIn.user : undefined
  const page: PageContext = {
    path: incoming.path,
    store: config.store,
    session,
    sessionExists: loaded.exists,
    csrfToken: csrfToken(loaded.secret, config.signingSecret),
    user: user && { email: user.email, admin: isAdmin(user.email, deps.env, DEMO_ACCOUNT.email) },
    flash: loaded.cookie === 'several' ? 'cookies-cleared' : session.flash,
    inspector: inspectSession(loaded, config, user),
    secretWarning,
  }
  return { ...incoming, config, timeouts, now, accounts, sessionDeps, loaded, session, user, ended: signIn.state === 'ended', page }
}

/** Step 2: a POST must be a readable form, from this site, carrying this session's token. */
function checkPost (request: Prepared): FormFields {
  const { headers, loaded, config } = request
  const parsed = parseForm(request.event.body, request.event.isBase64Encoded === true, headerValue(headers, 'content-type'))
  if (!parsed.ok) throw new HttpError(400, MESSAGES.unreadableForm.title, parsed.problem)
  const origin = requestOrigin(headers, config.cookie.secure)
  if (origin === 'cross') throw new HttpError(403, MESSAGES.crossSite.title, MESSAGES.crossSite.message)
  // Without a session of its own the token is public: only the browser's word protects the form.
  if (origin === 'unknown' && (!loaded.exists || loaded.adopted)) {
    throw new HttpError(403, MESSAGES.noOrigin.title, MESSAGES.noOrigin.message)
  }
  if (!isValidCsrfToken(parsed.fields[CSRF_FIELD], loaded.secret, [ config.signingSecret, ...config.fallbacks ])) {
    throw new HttpError(403, MESSAGES.staleToken.title, MESSAGES.staleToken.message)
  }
  return parsed.fields
}

/** Step 3's input: what the route sees, with lazily opened tables. */
function routeRequest (request: Prepared, form: FormFields, deps: HandlerDeps): RouteRequest {
  const { config } = request
  return {
    method: request.method, path: request.path, query: request.query, headers: request.headers,
    form, session: request.session, user: request.user, sessionId: request.loaded.id, page: request.page,
    config, env: deps.env, timeouts: request.timeouts, now: request.now, accounts: request.accounts,
    sessionTable: once(() => deps.table(config.sessionTable)),
  }
}

/** Step 4: write the session if it must change, then the HTTP result. */
async function toHttp (response: RouteResponse, request: Prepared): Promise<HttpResult> {
  let next = response.session === undefined ? request.session : response.session
  // A message is shown once: a page that displayed it clears it.
  if (next?.flash !== undefined && response.html !== undefined && next.flash === request.session.flash) {
    const { flash: _shown, ...rest } = next
    next = rest
  }
  const rotate = request.ended || response.rotateSession === true
  const saved = await saveSession(request.loaded, next, request.sessionDeps, { rotate })
  // Several `_idx` cookies: expire every one a sibling could have planted, then set ours, if any.
  const planted = request.loaded.cookie === 'several'
    ? expiredPlantedCookies(request.config.cookie, headerValue(request.headers, 'host'), request.path)
    : []
  const cookies = [ ...planted, ...saved.cookies ]
  const result = response.location !== undefined
    ? { statusCode: response.statusCode ?? 303, headers: { location: response.location, 'cache-control': 'no-store' }, body: '' }
    : htmlResult(response.statusCode ?? 200, response.html ?? '')
  Object.assign(result.headers, response.headers)
  return cookies.length ? { ...result, cookies } : result
}

/** Headers every HTML page gets; `no-store` because every page shows session data. */
export function htmlResult (statusCode: number, body: string): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
    },
    body,
  }
}

/** The one place that catches: refusals and misconfigurations explain themselves; anything else is logged. */
function failure (error: unknown, page: PageContext): HttpResult {
  const refusal = error instanceof HttpError ? error
    : error instanceof SessionTooLargeError ? new HttpError(413, MESSAGES.tooLarge.title, MESSAGES.tooLarge.message(error))
      : error instanceof ConfigError ? new HttpError(500, MESSAGES.misconfigured.title, error.message)
        : undefined
  if (!refusal) console.error(error)
  const { statusCode, title, message, commands } = refusal ?? new HttpError(500, MESSAGES.failed.title, MESSAGES.failed.message)
  const response = errorResponse(page, statusCode, title, message, commands)
  return htmlResult(statusCode, response.html ?? '')
}

/** The page context of a request whose session could not be read. */
function barePage (path: string): PageContext {
  return { path, store: undefined, session: {}, sessionExists: false, csrfToken: '' }
}

function queryOf (event: HttpEvent): string {
  return event.rawQueryString ? `?${event.rawQueryString}` : ''
}

/** A lazy dependency, opened on first use and then shared for the rest of the request. */
function once<T> (open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined
  return () => (opened ??= open())
}

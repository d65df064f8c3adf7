// Turns a route (request in, response out) into a Lambda handler: reads the session lazily,
// works out who is signed in, parses and CSRF-checks forms, writes the session only if it
// changed, and renders a real error page for anything that goes wrong.
import { arcAccountTables } from '#shared/accounts/account-tables.ts'
import type { AccountTables } from '#shared/accounts/account-tables.ts'
import { DEMO_ACCOUNT } from '#shared/accounts/demo-account.ts'
import { checkSignIn, timeoutsFor } from '#shared/accounts/sign-in.ts'
import type { SignedInUser, Timeouts } from '#shared/accounts/sign-in.ts'
import { clockFor } from '#shared/clock.ts'
import { ConfigError, sessionConfigFor, stageOf } from '#shared/config.ts'
import type { Env, SessionConfig } from '#shared/config.ts'
import { CSRF_FIELD, csrfToken, isSameOrigin, isValidCsrfToken } from '#shared/http/csrf.ts'
import { parseForm } from '#shared/http/form.ts'
import type { FormFields } from '#shared/http/form.ts'
import { headerValue } from '#shared/session/cookie.ts'
import { arcSessionTable } from '#shared/session/session-table.ts'
import type { SessionTable } from '#shared/session/session-table.ts'
import { SessionTooLargeError, loadSession, saveSession } from '#shared/session/sessions.ts'
import { isAdmin } from '#shared/accounts/admins.ts'
import { secretAdvice, secretProblem } from '#shared/secret-check.ts'
import type { SecretAdvice } from '#shared/secret-check.ts'
import { inspectSession } from '#shared/session/inspect.ts'
import type { LoadedSession } from '#shared/session/sessions.ts'
import type { SessionData } from '#shared/session/types.ts'
import { renderErrorPage } from '#views/render.ts'
import type { PageContext } from '#views/render.ts'

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

export interface HttpResult {
  statusCode: number
  headers: Record<string, string>
  body: string
}

export interface RouteRequest {
  method: string
  path: string
  query: Readonly<Record<string, string | undefined>>
  headers: Readonly<Record<string, string | undefined>>
  /** The parsed form of a POST; empty otherwise. */
  form: FormFields
  /** The session as it stands after the sign-in checks. */
  session: Readonly<SessionData>
  /** The signed-in account, if any. */
  user: SignedInUser | undefined
  /** The DynamoDB row id of this session (DynamoDB store only). */
  sessionId: string | undefined
  /** What a page needs to show the session and post forms. */
  page: PageContext
  config: SessionConfig
  /** The environment variables this handler runs with. */
  env: Env
  timeouts: Timeouts
  now: number
  accounts: () => Promise<AccountTables>
  sessionTable: () => Promise<SessionTable>
}

interface ResponseCommon {
  /** The new session; undefined leaves it as it is, null destroys it. */
  session?: SessionData | null
  /** Give the session a new id and secret (sign-in and sign-out). */
  rotateSession?: boolean
  headers?: Record<string, string>
}

export type RouteResponse =
  | ResponseCommon & { status?: number, html: string }
  | ResponseCommon & { redirect: string }

export type Route = (request: RouteRequest) => Promise<RouteResponse>

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

export function createHandler (route: Route, options: HandlerOptions = {}): (event: HttpEvent) => Promise<HttpResult> {
  const { readsForms = true, ...overrides } = options
  const deps: HandlerDeps = { ...defaultDeps, ...overrides }
  return async function handler (event) {
    const method = (event.requestContext?.http?.method ?? event.httpMethod ?? 'GET').toUpperCase()
    const path = event.rawPath ?? event.requestContext?.http?.path ?? event.path ?? '/'
    const headers = event.headers ?? {}
    const now = deps.now()
    let config: SessionConfig
    let timeouts: Timeouts
    let secretWarning: SecretAdvice | undefined
    try {
      const stage = stageOf(deps.env)
      const secretIssue = secretProblem(deps.env, stage)
      secretWarning = secretIssue && secretAdvice(secretIssue, deps.env)
      // A deployed stage without a proper secret refuses to run rather than hand out forgeable sessions.
      if (secretWarning && stage !== 'testing') {
        const context: PageContext = { path, store: undefined, session: {}, sessionExists: false, csrfToken: '' }
        return htmlResult(500, renderErrorPage(context, { status: 500, title: secretWarning.title, message: secretWarning.message, commands: secretWarning.commands }))
      }
      config = sessionConfigFor(deps.env)
      timeouts = timeoutsFor(deps.env)
    }
    catch (error) {
      return failure(error, path)
    }
    const sessionDeps = { config, now: deps.now, table: deps.table }
    const accounts = once(deps.accounts)
    const sessionTable = once(() => config.store.kind === 'dynamodb'
      ? deps.table(config.store.table)
      : Promise.reject(new Error('JWE sessions have no table')))

    let loaded: LoadedSession
    let session: SessionData
    let user: SignedInUser | undefined
    let rotate = false
    try {
      loaded = await loadSession(headers, event.cookies, sessionDeps)
      const signIn = await checkSignIn(loaded.data, now, timeouts, async () => (await accounts()).users)
      session = signIn.state === 'anonymous' ? { ...loaded.data } : signIn.session
      user = signIn.state === 'signed-in' ? signIn.user : undefined
      rotate = signIn.state === 'ended'
    }
    catch (error) {
      return failure(error, path)
    }

    // A sign-in that just ended: start the signed-out session, and show this page afresh under it.
    if (rotate && method === 'GET') {
      return respond({ redirect: path + query(event), session, rotateSession: true })
    }

    const page: PageContext = {
      path,
      store: config.store,
      session,
      sessionExists: loaded.exists,
      csrfToken: csrfToken(loaded.secret, config.signingSecret),
      user: user && { email: user.email, admin: isAdmin(user.email, deps.env, DEMO_ACCOUNT.email) },
      flash: session.flash,
      inspector: inspectSession(loaded, config, user),
      secretWarning,
    }
    const refuse = (status: number, title: string, message: string): HttpResult =>
      htmlResult(status, renderErrorPage(page, { status, title, message }))

    let form: FormFields = {}
    if (method === 'POST' && readsForms) {
      const parsed = parseForm(event.body, event.isBase64Encoded === true, headerValue(headers, 'content-type'))
      if (!parsed.ok) return refuse(400, 'That form could not be read', parsed.problem)
      form = parsed.fields
      if (!isSameOrigin(headers, config.cookie.secure)) {
        return refuse(403, 'Refused: cross-site request', 'This form was sent from another site, so nothing was changed.')
      }
      if (!isValidCsrfToken(form[CSRF_FIELD], loaded.secret, config.signingSecret)) {
        return refuse(403, 'Refused: the page was out of date',
          'The form’s security token does not match your session (it may have changed in another tab, or expired). Nothing was changed: go back, reload the page and try again.')
      }
    }

    try {
      const response = await route({
        method, path, headers, form, page, config, timeouts, now, user, accounts, sessionTable,
        env: deps.env,
        query: event.queryStringParameters ?? {},
        session,
        sessionId: loaded.id,
      })
      return await respond(response)
    }
    catch (error) {
      if (error instanceof SessionTooLargeError) {
        return refuse(413, 'Not saved: the session would be too large', error.store === 'jwe'
          ? `This change would make the session cookie ${error.bytes} bytes. Browsers silently drop cookies over ${error.limit} bytes, so nothing was saved and your session is as it was. To keep more data, switch to DynamoDB sessions.`
          : `This change would make the session ${error.bytes} bytes, over DynamoDB's ${error.limit}-byte item limit, so nothing was saved and your session is as it was.`)
      }
      return failure(error, path, page)
    }

    async function respond (response: RouteResponse): Promise<HttpResult> {
      let next = response.session === undefined ? session : response.session
      // A message is shown once: a page that displayed it clears it.
      if (next?.flash !== undefined && 'html' in response && next.flash === session.flash) {
        const { flash: _shown, ...rest } = next
        next = rest
      }
      const { setCookie } = await saveSession(loaded, next, sessionDeps, { rotate: rotate || response.rotateSession === true })
      const result = 'redirect' in response
        ? { statusCode: 303, headers: { location: response.redirect, 'cache-control': 'no-store' }, body: '' }
        : htmlResult(response.status ?? 200, response.html)
      Object.assign(result.headers, response.headers)
      if (setCookie) result.headers['set-cookie'] = setCookie
      return result
    }
  }
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

/** A misconfiguration explains itself; anything else is logged and shown as a plain 500. */
function failure (error: unknown, path: string, page?: PageContext): HttpResult {
  const context: PageContext = page ?? { path, store: undefined, session: {}, sessionExists: false, csrfToken: '' }
  if (error instanceof ConfigError) {
    return htmlResult(500, renderErrorPage(context, { status: 500, title: 'This app is misconfigured', message: error.message }))
  }
  console.error(error)
  return htmlResult(500, renderErrorPage(context, {
    status: 500,
    title: 'Something went wrong',
    message: 'The server could not finish this request. Try again in a moment; if it keeps happening, the server log says why.',
  }))
}

function query (event: HttpEvent): string {
  return event.rawQueryString ? `?${event.rawQueryString}` : ''
}

/** A lazy dependency, opened on first use and then shared for the rest of the request. */
function once<T> (open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined
  return () => (opened ??= open())
}

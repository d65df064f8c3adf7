// What a route is: a plain function from a request (its parsed form, its session, who is signed
// in) to a response in arc.http's own shape (`html`, `location`, `statusCode`, `headers`,
// `session`), so snippets from the arc.codes docs fit as they are. Two additions: `session: null`
// destroys the session, and `rotateSession` gives it a new id (sign-in, sign-out).
import type { AccountTables } from '#shared/accounts/account-tables.ts'
import type { SignedInUser, Timeouts } from '#shared/accounts/sign-in.ts'
import type { Env, SessionConfig } from '#shared/config.ts'
import type { FormFields } from '#shared/http/form.ts'
import type { Headers } from '#shared/http/headers.ts'
import type { SessionTable } from '#shared/session/session-table.ts'
import type { SessionData } from '#shared/session/types.ts'
import { renderErrorPage } from '#views/render.ts'
import type { PageContext } from '#views/render.ts'

export interface RouteRequest {
  method: string
  path: string
  query: Readonly<Record<string, string | undefined>>
  headers: Headers
  /** The parsed form of a POST; empty otherwise. */
  form: FormFields
  /** The session as it stands after the sign-in checks. */
  session: Readonly<SessionData>
  /** The signed-in account, if any. */
  user: SignedInUser | undefined
  /** The DynamoDB row id of this session, when it is a row. */
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

export interface RouteResponse {
  /** 200 for `html`, 303 for `location` (arc.http says 302; 303 never re-posts a form). */
  statusCode?: number
  html?: string
  /** Redirect here. */
  location?: string
  headers?: Record<string, string>
  /** The new session; undefined leaves it as it is, null destroys it. */
  session?: SessionData | null
  /** Give the session a new id and CSRF secret (sign-in and sign-out). */
  rotateSession?: boolean
}

export type Route = (request: RouteRequest) => Promise<RouteResponse>

/** A refusal page, from a route or from the handler's own checks. */
export function errorResponse (page: PageContext, statusCode: number, title: string, message: string, commands?: string[]): RouteResponse {
  return { statusCode, html: renderErrorPage(page, { status: statusCode, title, message, ...(commands ? { commands } : {}) }) }
}

/** A refusal thrown anywhere in a request; the handler renders it with errorResponse. */
export class HttpError extends Error {
  override name = 'HttpError'
  readonly statusCode: number
  readonly title: string
  readonly commands: string[] | undefined

  constructor (statusCode: number, title: string, message: string, commands?: string[]) {
    super(message)
    this.statusCode = statusCode
    this.title = title
    this.commands = commands
  }
}

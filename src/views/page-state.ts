// What a page's elements read from `state.store`: the request's context and each page's extras,
// typed once. Elements import from here, and render.ts builds pages from it, so imports run one way.
import type { EnhanceElemArg } from '@enhance/types'
import type { SignedInUser } from '#shared/accounts/sign-in.ts'
import type { SessionStore, Stage } from '#shared/config.ts'
import type { Inspection } from '#shared/inspector.ts'
import type { SecretAdvice, SecretProblem } from '#shared/secret-check.ts'
import type { FlashKey, SessionData } from '#shared/session/types.ts'

/** What every page knows about the request: elements read it from `state.store`. */
export interface PageContext {
  path: string
  /** Undefined only when the configuration could not be read. */
  store: SessionStore | undefined
  session: Readonly<SessionData>
  sessionExists: boolean
  csrfToken: string
  /** Who is signed in, for the navigation. */
  user?: { email: string, admin?: boolean } | undefined
  /** A message to show once. */
  flash?: FlashKey | undefined
  /** What the inspector shows; absent where no session could be read (configuration errors). */
  inspector?: Inspection | undefined
  /** The sandbox's warning about ARC_APP_SECRET. */
  secretWarning?: SecretAdvice | undefined
}

export interface ErrorDetails {
  status: number
  title: string
  message: string
  /** Commands that fix it, to copy. */
  commands?: string[]
}

/** The sign-in or registration form as it was sent back: what was typed and what went wrong. */
export interface AuthFormState {
  email?: string
  problems?: string[]
  next?: string
}

/** The notes page: the notes, and a refused change with what was typed. */
export interface NotesPageState {
  notes?: string[]
  problem?: string | undefined
  /** Whether the problem is about the note field (adding), not the form as a whole (deleting). */
  fieldProblem?: boolean
  typed?: string
}

/** What one page adds to the context, for the elements it shows. */
export interface PageExtras {
  account?: SignedInUser
  sessions?: ListedSession[]
  notesPage?: NotesPageState
  authForm?: AuthFormState
  stage?: Stage
  error?: ErrorDetails
  environments?: EnvironmentRow[]
  notice?: SettingsNotice | undefined
  sessionTables?: string[]
  canSwitch?: boolean
}

/** Everything an element may read from `state.store`. */
export type PageState = PageContext & PageExtras

/** The page's state, typed: the one place that trusts @enhance/ssr to hand back what renderPage gave it. */
export function pageState (state: EnhanceElemArg['state']): Partial<PageState> {
  return state.store
}

/** One of the account's sessions on the sessions page (DynamoDB). */
export interface ListedSession {
  /** An opaque handle for revoking; never the session id itself. */
  handle: string
  signedInAt: number
  lastSeenAt: number
  device: string
  current: boolean
}

/** What a settings switch did (or could not do), and what to run next. */
export interface SettingsNotice {
  tone: 'ok' | 'warn'
  title: string
  lines: string[]
  /** A command to run by hand, shown to copy. */
  command?: string
}

/** One environment on the settings page, as described from its variables; never a secret's value. */
export interface DescribedEnvironment {
  stage: Stage
  storeName: string
  store: 'jwe' | 'dynamodb' | 'unknown'
  /** Where ARC_SESSION_TABLE_NAME comes from. */
  source: string
  ttl: string
  sameSite: string
  domain: string
  algorithm: string
  secret: SecretProblem | 'set'
  /** How many SESSION_SECRET_FALLBACKS are set. */
  fallbacks: number
  problems: string[]
}

/** An environment row; only why, when its values cannot be read from here. */
export type EnvironmentRow = DescribedEnvironment | { stage: Stage, unreadable: string, store?: undefined }

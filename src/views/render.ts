// Builds full HTML documents from custom elements. The enhancer is made per request, because
// its initial state is this request's session.
import enhance from '@enhance/ssr'
import type { EnhanceElemArg } from '@enhance/types'
import type { SignedInUser } from '#shared/accounts/sign-in.ts'
import type { SessionStore, Stage } from '#shared/config.ts'
import type { SecretAdvice } from '#shared/secret-check.ts'
import type { Inspection } from '#shared/inspector.ts'
import type { FlashKey, SessionData } from '#shared/session/types.ts'
import type { EnvironmentRow } from '#shared/settings/environments.ts'
import type { ListedSession } from '#views/elements/session-list.ts'
import type { SettingsNotice } from '#views/elements/settings-notice.ts'
import elements from '#views/elements.ts'
import { escapeHtml } from '#views/escape.ts'

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

/** A page that refuses what was sent: its title starts with "Error:", which a screen reader reads first. */
function showsProblems (extra: PageExtras): boolean {
  return (extra.authForm?.problems?.length ?? 0) > 0 || !!extra.notesPage?.problem || !!extra.error
}

export interface PageOptions {
  /** Load another page after a while, without JavaScript (a settings switch waits out a sandbox restart). */
  refresh?: { seconds: number, url: string }
}

export function renderPage (context: PageContext, title: string, body: string, extra: PageExtras = {}, options: PageOptions = {}): string {
  const state: PageState = { ...context, ...extra }
  const html = enhance({ elements, initialState: { ...state } })
  const fullTitle = (showsProblems(extra) ? 'Error: ' : '') + title
  const refresh = options.refresh
    ? `<meta http-equiv="refresh" content="${options.refresh.seconds};url=${escapeHtml(options.refresh.url)}">`
    : ''
  return '<!doctype html>' + html`<html lang="en">
<head>
  <meta charset="utf-8">
  ${refresh}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(fullTitle)} · Architect sessions</title>
  <link rel="stylesheet" href="/_static/styles.css">
  <link rel="icon" href="data:,">
</head>
<body>
  <app-layout>
    ${body}
  </app-layout>
</body>
</html>`
}

export function renderErrorPage (context: PageContext, error: ErrorDetails): string {
  return renderPage(context, error.title, '<error-panel></error-panel>', { error })
}

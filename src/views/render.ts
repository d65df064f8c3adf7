// Builds full HTML documents from custom elements. The enhancer is made per request, because
// its initial state is this request's session.
import enhance from '@enhance/ssr'
import type { SessionStore } from '#shared/config.ts'
import type { SecretAdvice } from '#shared/secret-check.ts'
import type { Inspection } from '#shared/inspector.ts'
import type { FlashKey, SessionData } from '#shared/session/types.ts'
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

export interface PageOptions {
  /** Load another page after a while, without JavaScript (a settings switch waits out a sandbox restart). */
  refresh?: { seconds: number, url: string }
}

export function renderPage (context: PageContext, title: string, body: string, extra: Record<string, unknown> = {}, options: PageOptions = {}): string {
  const html = enhance({ elements, initialState: { ...context, ...extra } })
  const refresh = options.refresh
    ? `<meta http-equiv="refresh" content="${options.refresh.seconds};url=${escapeHtml(options.refresh.url)}">`
    : ''
  return '<!doctype html>' + html`<html lang="en">
<head>
  <meta charset="utf-8">
  ${refresh}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Architect sessions</title>
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

// Builds full HTML documents from custom elements. The enhancer is made per request, because
// its initial state is this request's session.
import enhance from '@enhance/ssr'
import elements from '#views/elements.ts'
import { escapeHtml } from '#views/escape.ts'
import type { ErrorDetails, PageContext, PageExtras, PageState } from '#views/page-state.ts'

export type { ErrorDetails, PageContext, PageExtras, PageState } from '#views/page-state.ts'

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

// GET / — the counter and what the session holds. Reading never writes a session.
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { renderPage } from '#views/render.ts'

export const home: Route = async ({ page }) => ({
  html: renderPage(page, 'Session counter', '<counter-panel></counter-panel><session-state></session-state>'),
})

export const handler = createHandler(home)

// GET /account — the signed-in account and its session's deadlines.
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import { renderPage } from '#views/render.ts'

export const account = requireSignedIn(async ({ page, user }) => ({
  html: renderPage(page, 'Your account', '<account-panel></account-panel><session-state></session-state>', { account: user }),
}))

export const handler = createHandler(account)

// GET /signed-out — where POST /logout leads. It reads no session and writes none.
import { createHandler } from '#shared/http/handler.ts'
import type { Route } from '#shared/http/handler.ts'
import { renderPage } from '#views/render.ts'

export const signedOut: Route = async ({ page }) => ({
  html: renderPage(page, 'Signed out', `<p class="flash ok" role="status" data-testid="flash">Signed out.</p>
<section class="card" aria-labelledby="signed-out-heading">
  <h1 id="signed-out-heading">You are signed out</h1>
  <p>The session is over: with DynamoDB sessions its row was deleted, so a copy of the old cookie is
  worthless; in both stores the browser was told to drop the cookie and, with
  <code>Clear-Site-Data: "cookies"</code>, every other cookie of this site.</p>
  <p><a href="/login">Sign in again</a> · <a href="/">Back to the counter</a></p>
</section>`),
})

export const handler = createHandler(signedOut)

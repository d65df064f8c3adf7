// GET /plain — the same session, read by a route written with Architect's plain API and nothing
// else, as the arc.codes docs teach it. Compare it with get-index, which goes through this app's
// wrapper (src/shared/http/handler.ts).
import arc from '@architect/functions'
import type { HttpRequest, HttpResponse } from '@architect/functions/types/http'

export const handler = arc.http(async (req: HttpRequest): Promise<HttpResponse> => {
  const count = Number(req.session?.count ?? 0)
  return {
    html: `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Plain arc.http · Architect sessions</title>
  <link rel="stylesheet" href="/_static/styles.css">
</head>
<body>
  <main class="site-main"><section class="card">
    <h1>Plain <code>arc.http</code></h1>
    <p>This page is a route written with <code>arc.http</code> and nothing else. It shares your session
    with the rest of the app: the count is <strong data-testid="plain-count">${count}</strong>.</p>
    <form method="post" action="/plain"><button>Count here</button></form>
    <p>What the app’s own wrapper adds: it reads and writes the session lazily (here, in DynamoDB, every
    visit without a cookie writes a new row), binds a CSRF token to each session (this form has none),
    rotates the session id at sign-in, and opens a JWE cookie only with the exact header it was sealed with.
    Both read the same <code>_idx</code> cookie, so a session made here is kept there, and the other way round.</p>
    <p><a href="/">Back to the counter</a></p>
  </section></main>
</body>
</html>`,
  }
})

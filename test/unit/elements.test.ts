// The pages as a visitor sees them: the count, the store, the forms' CSRF field, the session's
// contents; and nothing a session or a URL holds ever reaches the page as markup.
import test from 'tape'
import { notFound } from '../../src/http/any-catchall/index.ts'
import { home } from '../../src/http/get-index/index.ts'
import type { Route, RouteRequest } from '../../src/shared/http/handler.ts'
import type { SessionData } from '../../src/shared/session/types.ts'
import { renderErrorPage, renderPage } from '../../src/views/render.ts'
import type { PageExtras } from '../../src/views/render.ts'
import { pageContext, routeRequest } from './_fixtures.ts'

const XSS_SCRIPT = '<script>alert(1)</script>'
const XSS_ATTRIBUTE = '"><img src=x onerror=alert(1)>'

/** The HTML a route answers with (fails the test if it redirects instead). */
async function htmlOf (route: Route, request: RouteRequest): Promise<string> {
  const response = await route(request)
  if (response.html === undefined) throw new Error(`expected a page, got a redirect to ${response.location}`)
  return response.html
}

/** Every `_csrf` hidden field's value, in page order. */
function csrfFields (html: string): string[] {
  return [ ...html.matchAll(/<input type="hidden" name="_csrf" value="([^"]*)">/g) ].map(match => match[1] ?? '')
}

/** Text of the element carrying this data-testid. */
function testId (html: string, id: string): string | undefined {
  return new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]
}

/** Markup an attacker would want on the page, found outside quoted attribute values (where it is inert text). */
function rawMarkup (html: string): string[] {
  const outsideAttributes = html.replace(/ ([\w-]+)="[^"]*"/g, ' $1=""')
  return [ '<script>alert', '<img src=x' ].filter(needle => outsideAttributes.includes(needle))
}

test('the home page shows a new visitor a count of 0, the JWE store, and that no session exists', async t => {
  const html = await htmlOf(home, routeRequest())
  t.ok(html.startsWith('<!doctype html>'), 'a full HTML document')
  t.equal(testId(html, 'count'), '0', 'count: 0')
  t.equal(testId(html, 'store'), 'JWE cookie', 'the store is named')
  t.match(testId(html, 'session-exists') ?? '', /^none yet/, 'no session yet')
  t.equal(testId(html, 'session-json'), '{}', 'the contents are empty')
  t.end()
})

test('the home page shows the session\'s count, the DynamoDB table, and the contents as JSON', async t => {
  const session: SessionData = { count: 3 }
  const page = pageContext({ store: { kind: 'dynamodb', table: 'sessions' }, session, sessionExists: true, csrfToken: 'token-123' })
  const html = await htmlOf(home, routeRequest({ session, page }))
  t.equal(testId(html, 'count'), '3', 'count: 3')
  t.equal(testId(html, 'store'), 'DynamoDB table “sessions”', 'the table is named')
  t.match(testId(html, 'session-exists') ?? '', /^exists/, 'the session exists')
  t.equal(testId(html, 'session-json'), JSON.stringify({ count: 3 }, null, 2), 'the contents, as indented JSON')
  t.match(html, /<title>Session counter · Architect sessions<\/title>/, 'the title')
  t.end()
})

test('both forms (Count and Destroy) carry the session\'s CSRF token', async t => {
  const page = pageContext({ csrfToken: 'token-abc_123' })
  const html = await htmlOf(home, routeRequest({ page }))
  t.deepEqual(csrfFields(html), [ 'token-abc_123', 'token-abc_123' ], 'two hidden _csrf fields with the token')
  t.match(html, /<form method="post" action="\/count"><input type="hidden" name="_csrf"/, 'one in the Count form')
  t.match(html, /<form method="post" action="\/destroy"><input type="hidden" name="_csrf"/, 'one in the Destroy form')
  t.end()
})

test('a count that is not a whole number shows as 0', async t => {
  for (const count of [ -1, 1.5, Number.NaN ]) {
    const session: SessionData = { count }
    const html = await htmlOf(home, routeRequest({ session, page: pageContext({ session }) }))
    t.equal(testId(html, 'count'), '0', `count ${count} shows 0`)
  }
  t.end()
})

test('HTML in a session value is shown as text, never run', async t => {
  const session = { count: 1, note: XSS_SCRIPT, other: XSS_ATTRIBUTE }
  const html = await htmlOf(home, routeRequest({ session, page: pageContext({ session, sessionExists: true }) }))
  t.deepEqual(rawMarkup(html), [], 'no raw <script> or <img> from the session')
  t.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the script tag appears escaped')
  t.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the img tag appears escaped')
  t.end()
})

test('a CSRF token with markup in it stays inside its attribute', async t => {
  const html = await htmlOf(home, routeRequest({ page: pageContext({ csrfToken: XSS_ATTRIBUTE }) }))
  t.deepEqual(rawMarkup(html), [], 'no <img> outside the attribute')
  t.deepEqual(csrfFields(html), [ '&quot;><img src=x onerror=alert(1)>', '&quot;><img src=x onerror=alert(1)>' ],
    'the whole value stays inside value="…", its quote escaped')
  t.equal((html.match(/<input /g) ?? []).length, 2, 'still exactly two inputs')
  t.end()
})

test('an error page shows its status, title and message, escaped', t => {
  const plain = renderErrorPage(pageContext(), { status: 503, title: 'Try later', message: 'Down for maintenance.' })
  t.match(plain, /<p class="status">503<\/p>/, 'the status')
  t.match(plain, /<h1 id="error-heading">Try later<\/h1>/, 'the title as heading')
  t.match(plain, /<title>Error: Try later · Architect sessions<\/title>/, 'the title in <title>, after “Error:”')
  t.match(plain, /Down for maintenance\./, 'the message')
  t.match(plain, /<a href="\/">Back to the counter<\/a>/, 'a way back')

  const hostile = renderErrorPage(pageContext(), { status: 500, title: XSS_SCRIPT, message: XSS_ATTRIBUTE })
  t.deepEqual(rawMarkup(hostile), [], 'no raw markup from the title or message')
  t.ok(hostile.includes('<title>Error: &lt;script&gt;alert(1)&lt;/script&gt; · Architect sessions</title>'), 'the title is escaped in <title>')
  t.ok(hostile.includes('<h1 id="error-heading">&lt;script&gt;alert(1)&lt;/script&gt;</h1>'), 'and in the heading')
  t.end()
})

test('renderPage escapes the page title', t => {
  const html = renderPage(pageContext(), `Hello ${XSS_SCRIPT}`, '<p>body</p>')
  t.deepEqual(rawMarkup(html), [], 'no raw <script>')
  t.match(html, /<p>body<\/p>/, 'the body markup itself is kept')
  t.end()
})

test('the 404 page names the missing path, escaped', async t => {
  const response = await notFound(routeRequest({ path: `/${XSS_SCRIPT}` }))
  t.equal(response.statusCode, 404, 'status 404')
  const html = response.html ?? ''
  t.match(html, /Page not found/, 'says the page was not found')
  t.ok(html.includes('Nothing lives at /&lt;script&gt;alert(1)&lt;/script&gt;.'), 'names the path, escaped')
  t.deepEqual(rawMarkup(html), [], 'no raw <script> from the URL')
  t.equal(response.session, undefined, 'a 404 leaves the session alone')
})

/** The opening tag of the element with this id. */
function tagWithId (html: string, id: string): string {
  return new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? ''
}

test('a refused sign-in says "Error:" in the title, focuses the problem summary, and ties both fields to it', t => {
  const sent = (extra: PageExtras) => renderPage(pageContext({ path: '/login' }), 'Sign in', '<auth-form mode="login"></auth-form>', extra)
  const refused = sent({ authForm: { email: 'a@example.com', problems: [ 'That email and password did not work.' ] } })
  t.match(refused, /<title>Error: Sign in · Architect sessions<\/title>/, 'the title starts with “Error:”')
  t.match(tagWithId(refused, 'auth-problems'), /tabindex="-1" autofocus/, 'the summary takes focus when the page loads')
  for (const field of [ 'email', 'password' ]) {
    t.match(tagWithId(refused, field), /aria-invalid="true"/, `the ${field} field is marked invalid`)
    t.match(tagWithId(refused, field), /aria-describedby="auth-problems/, 'and described by the summary')
  }
  const fresh = sent({ authForm: {} })
  t.match(fresh, /<title>Sign in · Architect sessions<\/title>/, 'a fresh form has the plain title')
  t.notOk(/aria-invalid|autofocus/.test(fresh), 'and marks nothing invalid')
  const register = renderPage(pageContext({ path: '/register' }), 'Register', '<auth-form mode="register"></auth-form>',
    { authForm: { problems: [ 'Enter a password.' ] } })
  t.match(tagWithId(register, 'password'), /aria-describedby="auth-problems password-rules"/, 'registering, the password keeps its rules too')
  t.end()
})

test('a refused note ties the note field to the problem only when the problem is about the note', t => {
  const notes = (fieldProblem: boolean) => renderPage(pageContext({ path: '/notes' }), 'Notes', '<notes-panel></notes-panel>',
    { notesPage: { notes: [], problem: 'Write something first.', fieldProblem, typed: ' ' } })
  const adding = notes(true)
  t.match(adding, /<title>Error: Notes · Architect sessions<\/title>/, 'the title starts with “Error:”')
  t.match(tagWithId(adding, 'note-problem'), /tabindex="-1" autofocus/, 'the problem takes focus when the page loads')
  t.match(tagWithId(adding, 'note'), /aria-invalid="true" aria-describedby="note-problem"/, 'the field is invalid and points to it')
  t.notOk(/aria-invalid/.test(notes(false)), 'a failed delete marks no field invalid')
  t.end()
})

test('every page starts with a link that skips to its main content', t => {
  const html = renderPage(pageContext({ user: { email: 'a@example.com', admin: true } }), 'Home', '<p>hi</p>')
  const firstLink = /<(a|button)\b[^>]*>/.exec(html.slice(html.indexOf('<body>')))?.[0] ?? ''
  t.equal(firstLink, '<a class="skip-link" href="#main">', 'the first link or button is the skip link')
  t.match(tagWithId(html, 'main'), /^<main [^>]*tabindex="-1"/, 'to the main element, which can take the focus')
  t.end()
})

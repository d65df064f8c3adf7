// createHandler end to end, as Lambda calls it, with a fake clock, a fixed environment and a
// recording in-memory table: sessions are read and written lazily, forms are refused unless
// well-formed, same-origin and carrying the session's token, and every failure is a real page.
import test from 'tape'
import arc from '@architect/functions'
import type { Test } from 'tape'
import { count } from '../../src/http/post-count/index.ts'
import { destroy } from '../../src/http/post-destroy/index.ts'
import { home } from '../../src/http/get-index/index.ts'
import { notFound } from '../../src/http/any-catchall/index.ts'
import type { Env } from '../../src/shared/config.ts'
import { csrfToken } from '../../src/shared/http/csrf.ts'
import { createHandler } from '../../src/shared/http/handler.ts'
import type { HttpEvent, HttpResult, Route, RouteRequest } from '../../src/shared/http/handler.ts'
import { loadSession, saveSession } from '../../src/shared/session/sessions.ts'
import type { SessionData } from '../../src/shared/session/types.ts'
import {
  APP_SECRET, NOW_MS, cookieHeaderFrom, fakeClock, formPost, httpEvent, memoryAccounts, parseSetCookie, recordingTable, sessionDeps,
  setCookieOf, setCookiesOf, testEnv, withEnv,
} from './_fixtures.ts'
import type { RecordingTable, StoreName } from './_fixtures.ts'

const STORES: StoreName[] = [ 'jwe', 'dynamodb' ]
/** The token every visitor without a session gets. */
const ANONYMOUS_TOKEN = csrfToken('', APP_SECRET)
/** ARC_APP_SECRET before a rotation. */
const OLD_SECRET = 'o'.repeat(40)
/** What arc.http reads to write a JWE session as this app's test environment would. */
const ARC_HTTP_ENV = {
  ARC_SESSION_TABLE_NAME: 'jwe', SESSION_TABLE_NAME: undefined, ARC_APP_SECRET: APP_SECRET, ARC_APP_SECRET_ALGO: undefined,
}

/** A route that records the requests it receives, and answers with a page or what `respond` returns. */
function spyRoute (respond?: Route): Route & { calls: RouteRequest[] } {
  const calls: RouteRequest[] = []
  const route = async (request: RouteRequest) => {
    calls.push(request)
    return respond ? respond(request) : { html: '<p>route ran</p>' }
  }
  return Object.assign(route, { calls })
}

/** A handler for `route` under a store's test environment, with a fake clock (unless `now` is given) and a recording table. */
function handlerFor (
  route: Route, store: StoreName, table = recordingTable(), env: Env = testEnv(store), readsForms = true, now = fakeClock().now,
) {
  return createHandler(route, { env, now, table: table.open, accounts: memoryAccounts().open, readsForms })
}

/** The `_csrf` value of the first form on a page. */
function csrfOn (html: string): string {
  return /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? 'no _csrf field'
}

/** The count the home page shows. */
function countOn (html: string): string | undefined {
  return /data-testid="count"[^>]*>(\d+)</.exec(html)?.[1]
}

/** Asserts the security headers every HTML page must carry. */
function assertHtmlHeaders (t: Test, result: HttpResult, label: string): void {
  const headers = result.headers
  t.equal(headers['content-type'], 'text/html; charset=utf-8', `${label}: HTML in UTF-8`)
  t.match(headers['content-security-policy'] ?? '', /default-src 'self'.*form-action 'self'.*frame-ancestors 'none'/,
    `${label}: a CSP that limits scripts, form targets and framing`)
  t.equal(headers['x-content-type-options'], 'nosniff', `${label}: nosniff`)
  t.equal(headers['referrer-policy'], 'same-origin', `${label}: referrer-policy same-origin`)
  t.equal(headers['cache-control'], 'no-store', `${label}: no-store, since pages show session data`)
}

test('dynamodb: a first visit to the home page reads no table and sets no cookie', async t => {
  const table = recordingTable()
  const result = await handlerFor(home, 'dynamodb', table)(httpEvent('GET', '/'))
  t.equal(result.statusCode, 200, '200')
  t.equal(countOn(result.body), '0', 'count 0')
  t.deepEqual(setCookiesOf(result), [], 'no cookie')
  t.deepEqual(table.calls, [], 'the table was not even opened')
})

for (const store of STORES) {
  test(`${store}: pressing Count with the page's token saves the session and sets a cookie`, async t => {
    const table = recordingTable()
    const first = await handlerFor(home, store, table)(httpEvent('GET', '/'))
    const posted = await handlerFor(count, store, table)(formPost('/count', { _csrf: csrfOn(first.body) }))
    t.equal(posted.statusCode, 303, 'redirected with 303')
    t.equal(posted.headers.location, '/', 'back to the counter')
    t.equal(posted.headers['cache-control'], 'no-store', 'the redirect is not cached')
    const cookie = parseSetCookie(setCookieOf(posted))
    t.equal(cookie.name, '_idx', 'a session cookie is set')
    t.equal(table.puts().length, store === 'dynamodb' ? 1 : 0, store === 'dynamodb' ? 'one row written' : 'no table write for JWE')

    const after = await handlerFor(home, store, table)(httpEvent('GET', '/', cookieHeaderFrom(setCookieOf(posted))))
    t.equal(countOn(after.body), '1', 'the next page shows count 1')
    t.deepEqual(setCookiesOf(after), [], 'viewing the page writes nothing')
  })

  test(`${store}: once a session exists, its page carries a new token and the anonymous one is refused`, async t => {
    const table = recordingTable()
    const posted = await handlerFor(count, store, table)(formPost('/count', { _csrf: ANONYMOUS_TOKEN }))
    const cookie = cookieHeaderFrom(setCookieOf(posted))
    const page = await handlerFor(home, store, table)(httpEvent('GET', '/', cookie))
    t.notEqual(csrfOn(page.body), ANONYMOUS_TOKEN, 'the page\'s token is the session\'s own')

    const stale = await handlerFor(count, store, table)(formPost('/count', { _csrf: ANONYMOUS_TOKEN }, cookie))
    t.equal(stale.statusCode, 403, 'the anonymous token: 403')
    const fresh = await handlerFor(count, store, table)(formPost('/count', { _csrf: csrfOn(page.body) }, cookie))
    t.equal(fresh.statusCode, 303, 'the session\'s token: accepted')
    const shown = await handlerFor(home, store, table)(httpEvent('GET', '/', cookieHeaderFrom(setCookieOf(fresh))))
    t.equal(countOn(shown.body), '2', 'count 2')
  })

  test(`${store}: Destroy deletes the session and expires the cookie`, async t => {
    const table = recordingTable()
    const posted = await handlerFor(count, store, table)(formPost('/count', { _csrf: ANONYMOUS_TOKEN }))
    const cookie = cookieHeaderFrom(setCookieOf(posted))
    const page = await handlerFor(home, store, table)(httpEvent('GET', '/', cookie))
    const destroyed = await handlerFor(destroy, store, table)(formPost('/destroy', { _csrf: csrfOn(page.body) }, cookie))
    t.equal(destroyed.statusCode, 303, 'redirected')
    t.equal(parseSetCookie(setCookieOf(destroyed)).attributes.get('max-age'), '0', 'the cookie is expired')
    if (store === 'dynamodb') {
      t.equal(table.rows.size, 0, 'no row left')
      const replay = await handlerFor(home, store, table)(httpEvent('GET', '/', cookie))
      t.equal(countOn(replay.body), '0', 'a copy of the old cookie reads as a new visitor')
    }
  })
}

test('a form without the token, or with a wrong one, is refused with 403 and the route never runs', async t => {
  for (const [ label, fields ] of [
    [ 'no _csrf', {} ],
    [ 'an empty _csrf', { _csrf: '' } ],
    [ 'a wrong _csrf', { _csrf: csrfToken('someone-else', APP_SECRET) } ],
    [ 'a _csrf made with another app secret', { _csrf: csrfToken('', 'another-app-secret') } ],
  ] as const) {
    const table = recordingTable()
    const route = spyRoute(async () => ({ location: '/', session: { count: 1 } }))
    const result = await handlerFor(route, 'dynamodb', table)(formPost('/count', fields))
    t.equal(result.statusCode, 403, `${label}: 403`)
    t.equal(route.calls.length, 0, `${label}: the route did not run`)
    t.deepEqual(setCookiesOf(result), [], `${label}: no cookie`)
    t.deepEqual(table.puts(), [], `${label}: nothing written`)
    t.match(result.body, /out of date/, `${label}: the page explains the form was stale`)
  }
})

test('a form posted from another site is refused with 403, even with a valid token', async t => {
  const body = new URLSearchParams({ _csrf: ANONYMOUS_TOKEN }).toString()
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  for (const [ label, headers ] of [
    [ 'Origin: https://evil.example, Sec-Fetch-Site: cross-site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } ],
    [ 'Origin: https://evil.example alone', { origin: 'https://evil.example' } ],
    [ 'Sec-Fetch-Site: cross-site alone', { 'sec-fetch-site': 'cross-site' } ],
  ] as const) {
    const route = spyRoute()
    const result = await handlerFor(route, 'jwe')(httpEvent('POST', '/count', { ...form, ...headers }, body))
    t.equal(result.statusCode, 403, `${label}: 403`)
    t.match(result.body, /cross-site/, `${label}: the page says why`)
    t.equal(route.calls.length, 0, `${label}: the route did not run`)
  }
  const control = await handlerFor(spyRoute(), 'jwe')(httpEvent('POST', '/count', { ...form, 'sec-fetch-site': 'same-origin' }, body))
  t.equal(control.statusCode, 200, 'control: the same form from this site is accepted')
})

test('a form that cannot be read is refused with 400, saying what is wrong', async t => {
  const post = (body: string) => httpEvent('POST', '/count', {
    'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3333',
  }, body)
  for (const [ label, body, problem ] of [
    [ 'not UTF-8', `_csrf=${ANONYMOUS_TOKEN}&name=%FF`, /not valid UTF-8/ ],
    [ 'a field sent twice', `_csrf=${ANONYMOUS_TOKEN}&_csrf=${ANONYMOUS_TOKEN}`, /"_csrf" was sent more than once/ ],
    [ '20 KB', `_csrf=${ANONYMOUS_TOKEN}&note=${'x'.repeat(20 * 1024)}`, /larger than 16 KB/ ],
  ] as const) {
    const route = spyRoute()
    const result = await handlerFor(route, 'jwe')(post(body))
    t.equal(result.statusCode, 400, `${label}: 400`)
    t.match(result.body, problem, `${label}: the page names the problem`)
    t.equal(route.calls.length, 0, `${label}: the route did not run`)
  }
  const json = await handlerFor(spyRoute(), 'jwe')(httpEvent('POST', '/count', { 'content-type': 'application/json' }, '{"count":1}'))
  t.equal(json.statusCode, 400, 'a JSON body: 400')
})

test('a misconfigured variable gives a 500 page naming it, and never shows the app secret', async t => {
  for (const [ name, value ] of [
    [ 'ARC_SESSION_SAME_SITE', 'sideways' ],
    [ 'ARC_SESSION_TTL', 'a week' ],
    [ 'ARC_APP_SECRET_ALGO', 'A512GCM' ],
    [ 'ARC_ENV', 'prod' ],
  ] as const) {
    const table = recordingTable()
    const route = spyRoute()
    const result = await handlerFor(route, 'dynamodb', table, testEnv('dynamodb', { [name]: value }))(httpEvent('GET', '/'))
    t.equal(result.statusCode, 500, `${name}: 500`)
    t.match(result.body, /This app is misconfigured/, `${name}: the page says the app is misconfigured`)
    t.ok(result.body.includes(name), `${name}: the page names the variable`)
    t.notOk(result.body.includes(APP_SECRET), `${name}: ARC_APP_SECRET's value is not on the page`)
    t.equal(route.calls.length, 0, `${name}: the route did not run`)
    t.deepEqual(table.calls, [], `${name}: no table call`)
    assertHtmlHeaders(t, result, name)
  }
})

test('jwe: an ARC_APP_SECRET too short for the JWE key is reported as a misconfiguration, not a crash', async t => {
  const shortSecret = 'too-short-secret'
  const env = testEnv('jwe', { ARC_APP_SECRET: shortSecret })
  const original = console.error
  console.error = () => {}
  let result: HttpResult
  try {
    result = await handlerFor(count, 'jwe', recordingTable(), env)(formPost('/count', { _csrf: csrfToken('', shortSecret) }))
  }
  finally {
    console.error = original
  }
  t.equal(result.statusCode, 500, '500')
  t.match(result.body, /This app is misconfigured/, 'the page says the app is misconfigured')
  t.ok(result.body.includes('ARC_APP_SECRET'), 'and names ARC_APP_SECRET')
  t.notOk(result.body.includes(shortSecret), 'without showing its value')
})

test('a route that throws gives a 500 page that hides the error and logs it', async t => {
  const logged: unknown[] = []
  const original = console.error
  console.error = (...args: unknown[]) => { logged.push(...args) }
  let result: HttpResult
  try {
    const route = spyRoute(async () => { throw new Error('database password is hunter2') })
    result = await handlerFor(route, 'jwe')(httpEvent('GET', '/'))
  }
  finally {
    console.error = original
  }
  t.equal(result.statusCode, 500, '500')
  t.match(result.body, /Something went wrong/, 'a plain error page')
  t.notOk(result.body.includes('hunter2'), 'the error message is not shown')
  t.ok(logged.some(item => item instanceof Error && item.message.includes('hunter2')), 'the error is logged')
  t.deepEqual(setCookiesOf(result), [], 'no cookie')
  assertHtmlHeaders(t, result, 'the 500 page')
})

test('a sessions table that fails gives a 500 page', async t => {
  const table = recordingTable()
  const failing = { ...table, open: async () => { throw new Error('DynamoDB unreachable') } }
  const posted = await handlerFor(count, 'dynamodb', table)(formPost('/count', { _csrf: ANONYMOUS_TOKEN }))
  const original = console.error
  console.error = () => {}
  let result: HttpResult
  try {
    result = await handlerFor(home, 'dynamodb', failing)(httpEvent('GET', '/', cookieHeaderFrom(setCookieOf(posted))))
  }
  finally {
    console.error = original
  }
  t.equal(result.statusCode, 500, '500')
  t.match(result.body, /Something went wrong/, 'a plain error page')
})

test('every HTML response carries the security and no-store headers', async t => {
  const ok = await handlerFor(home, 'jwe')(httpEvent('GET', '/'))
  assertHtmlHeaders(t, ok, '200 page')
  const refused = await handlerFor(count, 'jwe')(formPost('/count', {}))
  assertHtmlHeaders(t, refused, '403 page')
  const missing = await handlerFor(notFound, 'jwe', recordingTable(), testEnv('jwe'), false)(httpEvent('GET', '/nope'))
  assertHtmlHeaders(t, missing, '404 page')
  const badForm = await handlerFor(count, 'jwe')(formPost('/count', { a: 'b' }, { 'content-type': 'text/plain' }))
  assertHtmlHeaders(t, badForm, '400 page')
})

for (const store of STORES) {
  test(`${store}: a session too large for the store is refused with a 413 page; no cookie, and the old session stands`, async t => {
    const table = recordingTable()
    const cookie = cookieHeaderFrom(setCookieOf(await handlerFor(count, store, table)(formPost('/count', { _csrf: ANONYMOUS_TOKEN }))))
    const page = await handlerFor(home, store, table)(httpEvent('GET', '/', cookie))
    const grow = spyRoute(async ({ session }) => ({ location: '/', session: { ...session, device: 'x'.repeat(500_000) } }))
    const result = await handlerFor(grow, store, table)(formPost('/grow', { _csrf: csrfOn(page.body) }, cookie))
    t.equal(grow.calls.length, 1, 'the route ran')
    t.equal(result.statusCode, 413, '413')
    t.match(result.body, /This change would make the session/, 'a page that says why')
    t.deepEqual(setCookiesOf(result), [], 'no cookie')
    assertHtmlHeaders(t, result, 'the 413 page')
    t.equal(countOn((await handlerFor(home, store, table)(httpEvent('GET', '/', cookie))).body), '1', 'the previous session still reads')
  })
}

test('a route that does not read forms (the 404 page) skips form and CSRF checks on POST', async t => {
  const route = spyRoute(notFound)
  const event = httpEvent('POST', '/missing', { 'content-type': 'application/json', origin: 'https://evil.example' }, '%FF'.repeat(10000))
  const result = await handlerFor(route, 'jwe', recordingTable(), testEnv('jwe'), false)(event)
  t.equal(result.statusCode, 404, 'the 404 page, not 400 or 403')
  t.equal(route.calls.length, 1, 'the route ran')
  t.deepEqual(route.calls[0]?.form, {}, 'with no form')
  t.match(result.body, /Nothing lives at \/missing\./, 'naming the path')
})

test('the route receives the method, path, query, session and the page\'s CSRF token', async t => {
  const route = spyRoute()
  const event = { ...httpEvent('GET', '/somewhere'), queryStringParameters: { q: 'x' } }
  await handlerFor(route, 'jwe')(event)
  const request = route.calls[0]
  t.equal(request?.method, 'GET', 'method')
  t.equal(request?.path, '/somewhere', 'path from rawPath')
  t.deepEqual(request?.query, { q: 'x' }, 'query')
  t.deepEqual(request?.session, {}, 'an empty session')
  t.equal(request?.page.csrfToken, ANONYMOUS_TOKEN, 'the anonymous token')
  t.deepEqual(request?.page.store, { kind: 'jwe' }, 'the store')
})

/** A session saved straight into a store (as an earlier request would have): its Cookie header. */
async function sessionCookieFor (store: StoreName, table: RecordingTable, data: SessionData, env: Record<string, string> = {}) {
  const deps = sessionDeps(store, table, fakeClock(), env)
  const { cookies } = await saveSession(await loadSession('', deps), data, deps)
  return cookieHeaderFrom(cookies[0] ?? '')
}

/** The domains a result's Set-Cookie headers expire `_idx` on (`host-only` for none). */
function expiredDomains (result: HttpResult): string[] {
  return setCookiesOf(result).map(parseSetCookie)
    .filter(cookie => cookie.name === '_idx' && cookie.attributes.get('max-age') === '0')
    .map(cookie => String(cookie.attributes.get('domain') ?? 'host-only'))
}

for (const store of STORES) {
  test(`${store}: several _idx cookies: every one a sibling could plant is expired, and the page says why`, async t => {
    const table = recordingTable()
    const mine = (await sessionCookieFor(store, table, { count: 5 })).cookie
    table.calls.length = 0
    const event = httpEvent('GET', '/', { host: 'app.example.com', cookie: `${mine}; _idx=planted-by-a-sibling` })
    const result = await handlerFor(home, store, table)(event)
    t.equal(result.statusCode, 200, '200')
    t.equal(countOn(result.body), '0', 'no session is trusted: count 0')
    t.match(result.body, /several session cookies/, 'the page explains that the cookies were cleared')
    t.deepEqual(expiredDomains(result).sort(), [ 'app.example.com', 'example.com', 'host-only' ],
      'expired host-only, for app.example.com and for example.com')
    t.equal(setCookiesOf(result).length, 3, 'and nothing else is set')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${store}: several _idx cookies on a deeper page: one planted with a narrower Path is expired too`, async t => {
    // A sibling sets `_idx=<its own session>; Domain=example.com; Path=/notes`. On /notes the browser
    // sends it beside ours; expiring only Path=/ cookies would drop ours and keep it, and the next
    // request to /notes would carry it alone: the visitor would add notes to the attacker's session.
    const table = recordingTable()
    const mine = (await sessionCookieFor(store, table, { count: 5 })).cookie
    const event = httpEvent('GET', '/notes/x', { host: 'app.example.com', cookie: `_idx=planted-for-notes; ${mine}` })
    const result = await handlerFor(home, store, table)(event)
    const expired = setCookiesOf(result).map(parseSetCookie)
      .filter(cookie => cookie.name === '_idx' && cookie.attributes.get('max-age') === '0')
      .map(cookie => `${String(cookie.attributes.get('domain') ?? 'host-only')} ${String(cookie.attributes.get('path'))}`)
    for (const path of [ '/', '/notes', '/notes/', '/notes/x' ]) {
      t.ok(expired.includes(`example.com ${path}`), `_idx expired for Domain=example.com; Path=${path}`)
    }
    const odd = await handlerFor(home, store, table)(httpEvent('GET', '/a;b', { host: 'app.example.com', cookie: `${mine}; _idx=x` }))
    t.equal(odd.statusCode, 200, 'a path no cookie may carry (`;`) is skipped, not a 500')
  })

  test(`${store}: several _idx cookies and a form that starts a session: the planted ones are expired before ours is set`, async t => {
    const table = recordingTable()
    const event = formPost('/count', { _csrf: ANONYMOUS_TOKEN }, { host: 'app.example.com', cookie: '_idx=a; _idx=b' })
    const result = await handlerFor(count, store, table)({ ...event, headers: { ...event.headers, origin: 'http://app.example.com' } })
    t.equal(result.statusCode, 303, 'the count is accepted')
    t.deepEqual([ ...new Set(expiredDomains(result)) ].filter(domain => domain !== 'host-only').sort(), [ 'app.example.com', 'example.com' ],
      'the _idx of each parent domain is expired, or the next request would send several again')
    const last = parseSetCookie(setCookiesOf(result).at(-1) ?? '')
    t.ok(last.name === '_idx' && last.value !== '' && last.attributes.get('max-age') !== '0', 'the last Set-Cookie is the new session')
  })

  test(`${store}: a form without Origin or Sec-Fetch-Site and without a session of its own is refused, and nothing is written`, async t => {
    const table = recordingTable()
    const route = spyRoute(count)
    const event = httpEvent('POST', '/count', { 'content-type': 'application/x-www-form-urlencoded' }, `_csrf=${ANONYMOUS_TOKEN}`)
    const result = await handlerFor(route, store, table)(event)
    t.equal(result.statusCode, 403, '403')
    t.match(result.body, /neither an Origin nor a Sec-Fetch-Site/, 'the page says why')
    t.equal(route.calls.length, 0, 'the route did not run')
    t.deepEqual(setCookiesOf(result), [], 'no cookie')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${store}: the same form without Origin or Sec-Fetch-Site is accepted with a session of its own and its token`, async t => {
    const table = recordingTable()
    const cookie = await sessionCookieFor(store, table, { count: 1 })
    const page = await handlerFor(home, store, table)(httpEvent('GET', '/', cookie))
    const form = { 'content-type': 'application/x-www-form-urlencoded', ...cookie }
    const post = (token: string) => httpEvent('POST', '/count', form, `_csrf=${token}`)
    const refused = await handlerFor(count, store, table)(post(ANONYMOUS_TOKEN))
    t.equal(refused.statusCode, 403, 'control: with the anonymous token, 403')
    const accepted = await handlerFor(count, store, table)(post(csrfOn(page.body)))
    t.equal(accepted.statusCode, 303, 'with the session\'s token: accepted')
    const shown = await handlerFor(home, store, table)(httpEvent('GET', '/', cookieHeaderFrom(setCookieOf(accepted))))
    t.equal(countOn(shown.body), '2', 'count 2')
  })

  test(`${store}: a GET whose sign-in just ended goes back to the same page, never to another site`, async t => {
    const table = recordingTable()
    // Idle for 31 minutes: the 30-minute idle timeout has passed.
    const lapsed: SessionData = { userEmail: 'ada@example.com', signedInAt: NOW_MS - 2 * 3600e3, lastSeenAt: NOW_MS - 31 * 60e3, count: 4 }
    const route = spyRoute()
    let landing = ''
    for (const [ path, query, expected ] of [
      [ '//evil.example/', '', '/' ],
      [ '//evil.example', 'a=1', '/' ],
      [ '/\\evil.example', '', '/' ],
      [ '/account', 'tab=1', '/account?tab=1' ],
    ] as const) {
      const cookie = await sessionCookieFor(store, table, lapsed)
      const result = await handlerFor(route, store, table)({ ...httpEvent('GET', path, cookie), rawQueryString: query })
      const label = `GET ${path}${query ? '?' + query : ''}`
      t.equal(result.statusCode, 303, `${label}: 303`)
      t.equal(result.headers.location, expected, `${label}: Location ${expected}`)
      landing = setCookieOf(result)
    }
    t.equal(route.calls.length, 0, 'the route never ran for a session that ended')
    const after = await handlerFor(home, store, table)(httpEvent('GET', '/', cookieHeaderFrom(landing)))
    t.match(after.body, /Your session expired/, 'the page it lands on says the session expired')
    t.doesNotMatch(after.body, /ada@example\.com/, 'and is signed out')
  })

  test(`${store}: after ARC_APP_SECRET is rotated, a page from before still posts, and its session is issued again`, async t => {
    const table = recordingTable()
    const oldEnv = testEnv(store, { ARC_APP_SECRET: OLD_SECRET })
    const cookie = await sessionCookieFor(store, table, { count: 1 }, { ARC_APP_SECRET: OLD_SECRET })
    const page = await handlerFor(home, store, table, oldEnv)(httpEvent('GET', '/', cookie))
    const rotated = testEnv(store, { SESSION_SECRET_FALLBACKS: OLD_SECRET })
    const posted = await handlerFor(count, store, table, rotated)(formPost('/count', { _csrf: csrfOn(page.body) }, cookie))
    t.equal(posted.statusCode, 303, 'the form made before the rotation is accepted')
    const dropped = testEnv(store)
    const shown = await handlerFor(home, store, table, dropped)(httpEvent('GET', '/', cookieHeaderFrom(setCookieOf(posted))))
    t.equal(countOn(shown.body), '2', 'its new cookie reads once the fallback is dropped: count 2')
    const stale = await handlerFor(home, store, table, dropped)(httpEvent('GET', '/', cookie))
    t.equal(countOn(stale.body), '0', 'the old cookie, never issued again, no longer reads')
    const viewed = await handlerFor(home, store, table, rotated)(httpEvent('GET', '/', cookie))
    t.equal(setCookiesOf(viewed).length, 1, 'merely viewing a page under the fallback issues the cookie again')
  })

  test(`${store}: a session arc.http made is adopted: one write, and the page's token then posts`, async t => {
    const table = recordingTable()
    const arcCookie = await withEnv(ARC_HTTP_ENV, () => arc.http.session.write({ count: 7 }))
    const cookie = cookieHeaderFrom(arcCookie)
    // arc.http stamps its tokens with the real clock.
    const live = (route: Route) => handlerFor(route, store, table, testEnv(store), true, Date.now)
    const page = await live(home)(httpEvent('GET', '/', cookie))
    t.equal(countOn(page.body), '7', 'arc.http\'s count shows')
    t.equal(setCookiesOf(page).length, 1, 'the adopted session is written with its new secret')
    const adopted = cookieHeaderFrom(setCookieOf(page))
    const again = await live(home)(httpEvent('GET', '/', adopted))
    t.deepEqual(setCookiesOf(again), [], 'the next page writes nothing')
    t.equal(csrfOn(again.body), csrfOn(page.body), 'and carries the same token')
    const posted = await live(count)(formPost('/count', { _csrf: csrfOn(page.body) }, adopted))
    t.equal(posted.statusCode, 303, 'the token of the adopting page posts')
  })
}

test('switching the store: the first page under the new store moves the session, the next writes nothing', async t => {
  for (const [ from, to ] of [ [ 'jwe', 'dynamodb' ], [ 'dynamodb', 'jwe' ] ] as const) {
    const table = recordingTable()
    const cookie = await sessionCookieFor(from, table, { count: 3 })
    const page = await handlerFor(home, to, table)(httpEvent('GET', '/', cookie))
    t.equal(countOn(page.body), '3', `${from} → ${to}: the count survives the switch`)
    t.equal(setCookiesOf(page).length, 1, `${from} → ${to}: the cookie is replaced`)
    const next = await handlerFor(home, to, table)(httpEvent('GET', '/', cookieHeaderFrom(setCookieOf(page))))
    t.equal(countOn(next.body), '3', `${from} → ${to}: the next page shows it too`)
    t.deepEqual(setCookiesOf(next), [], `${from} → ${to}: and writes nothing`)
    t.equal(table.rows.size, to === 'dynamodb' ? 1 : 0, `${from} → ${to}: ${to === 'dynamodb' ? 'one row' : 'no row'} left`)
  }
})

test('the session cookie is found in a Cookie header of any case and in the HTTP API cookies array', async t => {
  const table = recordingTable()
  const pair = (await sessionCookieFor('jwe', table, { count: 6 })).cookie ?? ''
  const plain = httpEvent('GET', '/')
  const events: [ string, HttpEvent ][] = [
    [ 'Cookie (REST API, the browser\'s case)', { ...plain, headers: { ...plain.headers, Cookie: `theme=x; ${pair}` } } ],
    [ 'COOKIE', { ...plain, headers: { ...plain.headers, COOKIE: pair } } ],
    [ 'the cookies array (HTTP API, payload 2.0)', { ...plain, cookies: [ 'theme=x', pair ] } ],
  ]
  for (const [ label, event ] of events) {
    t.equal(countOn((await handlerFor(home, 'jwe', table)(event)).body), '6', `${label}: count 6`)
  }
  const several = { ...plain, cookies: [ pair, '_idx=planted' ] }
  t.equal(countOn((await handlerFor(home, 'jwe', table)(several)).body), '0', 'two _idx in the cookies array: none trusted')
})

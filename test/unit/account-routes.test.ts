// The account routes called directly, as createHandler would call them after its checks, with
// in-memory account tables and a recording sessions table: what each answers, what it writes,
// and what it never reveals. One test signs in for real, paying for one full-cost scrypt.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import test from 'tape'
import { account } from '../../src/http/get-account/index.ts'
import { sessions } from '../../src/http/get-account-sessions/index.ts'
import { loginForm } from '../../src/http/get-login/index.ts'
import { logoutEverywhere } from '../../src/http/post-account-logout_everywhere/index.ts'
import { revokeSession } from '../../src/http/post-account-sessions/index.ts'
import { login } from '../../src/http/post-login/index.ts'
import { logout } from '../../src/http/post-logout/index.ts'
import { registration } from '../../src/http/post-register/index.ts'
import { WRONG_CREDENTIALS } from '../../src/shared/http/sign-in-pages.ts'
import { sessionHandle } from '../../src/shared/accounts/user-sessions.ts'
import { clockFor } from '../../src/shared/clock.ts'
import type { RouteRequest, RouteResponse } from '../../src/shared/http/handler.ts'
import {
  APP_SECRET, NOW_MS, accountWithPassword, memoryAccounts, pageContext, recordingTable, routeRequest, signedInRow, signedInUser, testConfig,
} from './_fixtures.ts'
import type { MemoryAccounts, RecordingTable } from './_fixtures.ts'
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.ts'

const EMAIL = 'ada@example.com'
const PASSWORD = 'correct horse battery staple'
const WRONG = 'incorrect horse battery staple'
const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'
const DYNAMODB_PAGE = { store: { kind: 'dynamodb', table: 'sessions' } } as const

/** Memory tables holding Ada's account, hashed cheaply. */
async function withAda (): Promise<MemoryAccounts> {
  return memoryAccounts([ await accountWithPassword(EMAIL, PASSWORD) ])
}

/** A POST of the sign-in or register form, as the route receives it. */
function formRequest (
  path: string, form: Record<string, string>, accounts?: MemoryAccounts, extra: Partial<RouteRequest> = {},
): RouteRequest {
  return routeRequest({
    method: 'POST', path, form,
    headers: { 'user-agent': FIREFOX_ON_WINDOWS },
    ...(accounts ? { accounts: accounts.open } : {}),
    ...extra,
  })
}

/** A request from Ada, signed in, in the DynamoDB store, from the session whose row id is `current`. */
function adaRequest (
  method: string, path: string, accounts: MemoryAccounts, table: RecordingTable, extra: Partial<RouteRequest> = {},
): RouteRequest {
  const session = { count: 2, userEmail: EMAIL, signedInAt: NOW_MS - 10 * 60 * 1000, lastSeenAt: NOW_MS - 60 * 1000, device: 'Firefox on Linux' }
  return routeRequest({
    method, path, session,
    page: pageContext({ path, session, ...DYNAMODB_PAGE, user: { email: EMAIL } }),
    config: testConfig('dynamodb'),
    user: signedInUser(EMAIL),
    sessionId: 'current',
    accounts: accounts.open,
    sessionTable: () => table.open('sessions'),
    ...extra,
  })
}

/** The HTML of a page response (fails loudly on a redirect). */
function htmlOf (response: RouteResponse): string {
  if (response.html === undefined) throw new Error(`expected a page, got a redirect to ${response.location}`)
  return response.html
}

/** The status of a page response (200 unless set). */
function statusOf (response: RouteResponse): number | string {
  return response.html !== undefined ? response.statusCode ?? 200 : `a redirect to ${response.location}`
}

/** The text of the form's list of problems, tags stripped. */
function problemsIn (html: string): string[] {
  const block = /data-testid="problems"[\s\S]*?<ul>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? ''
  return [ ...block.matchAll(/<li>([\s\S]*?)<\/li>/g) ].map(match => match[1] ?? '')
}

/** The value of the form's email field, as written in the HTML. */
function emailFieldIn (html: string): string | undefined {
  return /<input id="email"[^>]*value="([^"]*)"/.exec(html)?.[1]
}

/** The HTML with every attribute value emptied, to look for markup that escaped its attribute. */
function outsideAttributes (html: string): string {
  return html.replace(/ ([\w-]+)="[^"]*"/g, ' $1=""')
}

/** The ids of the rows deleted from a recording table. */
function deletedIds (table: RecordingTable): string[] {
  return table.calls.flatMap(call => call.op === 'delete' ? [ call.id ] : [])
}

test('sign-in with bad input: 400, the problems listed, the typed email kept (escaped), the password never shown', async t => {
  const typedEmail = '"><script>alert(1)</script>@x.io'
  const response = await login(formRequest('/login', { email: typedEmail, password: 'hunter2', next: '/account' }))
  const html = htmlOf(response)
  t.equal(statusOf(response), 400, '400')
  t.deepEqual(problemsIn(html), [ 'A password has at least 8 characters (this one has 7).' ], 'the problem is listed')
  // @enhance/ssr re-serialises attributes, escaping only the quote: inside value="…" that is enough.
  t.equal(emailFieldIn(html), '&quot;><script>alert(1)</script>@x.io', 'the email field holds what was typed, all of it inside value="…", its quote escaped')
  t.notOk(outsideAttributes(html).includes('<script>alert'), 'the typed markup never reaches the page as markup')
  t.notOk(html.includes('hunter2'), 'the password is nowhere on the page')
  t.match(html, /<input type="hidden" name="next" value="\/account">/, 'next is kept for the next attempt')

  const both = htmlOf(await login(formRequest('/login', { email: 'not-an-email', password: 'pw' })))
  t.deepEqual(problemsIn(both), [ 'Enter an email address like name@example.com.', 'A password has at least 8 characters (this one has 2).' ], 'two problems: both listed')
})

test('sign-in with a wrong password: 400 with the one generic message, the email kept, next made safe', async t => {
  const accounts = await withAda()
  const response = await login(formRequest('/login', { email: ' Ada@Example.com', password: WRONG, next: '//evil.example' }, accounts))
  const html = htmlOf(response)
  t.equal(statusOf(response), 400, '400')
  t.deepEqual(problemsIn(html), [ WRONG_CREDENTIALS ], 'the generic message: "That email and password did not work…"')
  t.equal(emailFieldIn(html), EMAIL, 'the (normalised) email is kept')
  t.notOk(html.includes(WRONG), 'the password is not on the page')
  t.match(html, /name="next" value="\/"/, 'an unsafe next became /')
  t.equal(response.session, undefined, 'the session is left as it was')
  t.notOk(response.rotateSession, 'and not rotated')
})

test('sign-in while the account is locked: 429 with Retry-After and a message saying until when', async t => {
  const until = NOW_MS + 10 * 60 * 1000
  // Five checks, the oldest 5 minutes ago: the next frees up in 10 minutes.
  const checks = [ 5, 4, 3, 2, 1 ].map(minutes => NOW_MS - minutes * 60 * 1000)
  const lockout = { email: EMAIL, checks, expiresAt: until / 1000, version: 3 }
  const accounts = memoryAccounts([ await accountWithPassword(EMAIL, PASSWORD) ], [ lockout ])
  const response = await login(formRequest('/login', { email: EMAIL, password: PASSWORD }, accounts))
  t.equal(statusOf(response), 429, '429 Too Many Requests')
  t.equal(response.headers?.['retry-after'], '600', 'Retry-After: the 600 seconds left')
  const [ problem = '' ] = problemsIn(htmlOf(response))
  t.match(problem, /^Too many failed sign-ins for this account/, 'the message says why')
  t.ok(problem.includes('2025-01-15 12:10 UTC'), 'and until when')
  t.notOk(accounts.calls.some(call => call.op === 'users.get'), 'the password was not checked')
})

test('sign-in with the right password: a new session id, the account in the session, the counter kept, on to next', async t => {
  const accounts = await withAda()
  const before = { count: 3, flash: 'signed-out', device: 'Old phone' } as const
  const response = await login(formRequest('/login', { email: 'ADA@example.com ', password: PASSWORD, next: '/account/sessions?tab=all' }, accounts, { session: before }))
  t.deepEqual(response, {
    location: '/account/sessions?tab=all',
    rotateSession: true,
    session: { count: 3, userEmail: EMAIL, signedInAt: NOW_MS, lastSeenAt: NOW_MS, device: 'Firefox on Windows', flash: 'signed-in' },
  }, 'redirect to next; rotate; the session names Ada, the device and the message, and carries only the count')
})

test('the sign-in page takes a visitor who is already signed in to next, or to the account page', async t => {
  const user = signedInUser(EMAIL)
  t.deepEqual(await loginForm(routeRequest({ path: '/login', user, query: { next: '/account/sessions' } })), { location: '/account/sessions' }, 'a safe next: there')
  t.deepEqual(await loginForm(routeRequest({ path: '/login', user, query: { next: '//evil.example' } })), { location: '/account' }, 'an unsafe next: the account page')
  t.deepEqual(await loginForm(routeRequest({ path: '/login', user })), { location: '/account' }, 'no next: the account page')
  const anonymous = await loginForm(routeRequest({ path: '/login', query: { next: '/account' } }))
  t.match(htmlOf(anonymous), /name="next" value="\/account"/, 'a visitor not signed in gets the form, carrying next')
})

test('the sign-in page never sends a signed-in visitor to another site through a dot-segment next', async t => {
  // Fails while safeNextPath returns "//evil.example" for "/..//evil.example" (see credentials.test.ts).
  const response = await loginForm(routeRequest({ path: '/login', user: signedInUser(EMAIL), query: { next: '/..//evil.example' } }))
  const location = response.location ?? ''
  t.notOk(location.startsWith('//'), `not redirected off-site (Location: ${location})`)
})

test('registering a taken email with a wrong password looks exactly like a failed sign-in', async t => {
  const viaLogin = await login(formRequest('/login', { email: EMAIL, password: WRONG }, await withAda()))
  const accounts = await withAda()
  const viaRegister = await registration(formRequest('/register', { email: EMAIL, password: WRONG }, accounts))
  t.equal(statusOf(viaRegister), statusOf(viaLogin), `the same status (${statusOf(viaLogin)})`)
  t.deepEqual(problemsIn(htmlOf(viaRegister)), problemsIn(htmlOf(viaLogin)), 'the same message')
  t.deepEqual(problemsIn(htmlOf(viaRegister)), [ WRONG_CREDENTIALS ], 'which is the generic one')
  t.equal(accounts.lockouts.get(EMAIL)?.checks.length, 1, 'and it counts toward the lockout')
})

test('registering with bad input: 400, the problems listed, no table touched', async t => {
  // routeRequest's default account tables throw if opened.
  const response = await registration(formRequest('/register', { email: 'ada@example', password: 'x'.repeat(300) }))
  t.equal(statusOf(response), 400, '400')
  t.deepEqual(problemsIn(htmlOf(response)), [
    'Enter an email address like name@example.com.', 'A password has at most 256 characters (this one has 300).',
  ], 'both problems')
})

test('signing out: the session is destroyed and the browser asked to clear this site’s cookies', async t => {
  const response = await logout(routeRequest({ method: 'POST', path: '/logout', session: { count: 4, userEmail: EMAIL, signedInAt: NOW_MS, lastSeenAt: NOW_MS } }))
  t.deepEqual(response, {
    location: '/signed-out', session: null, headers: { 'clear-site-data': '"cookies"' },
  }, 'to the signed-out page, the session destroyed (its DynamoDB row deleted), Clear-Site-Data sent')
})

test('account pages send visitors who are not signed in to the sign-in page, and back after it (GET only)', async t => {
  t.deepEqual(await account(routeRequest({ path: '/account' })), { location: '/login?next=%2Faccount' }, 'GET /account: to /login?next=%2Faccount')
  t.deepEqual(await sessions(routeRequest({ path: '/account/sessions' })), { location: '/login?next=%2Faccount%2Fsessions' }, 'GET /account/sessions: back to it after')
  t.deepEqual(await logoutEverywhere(routeRequest({ method: 'POST', path: '/account/logout-everywhere' })), { location: '/login' }, 'POST: to /login, with no next (a form cannot be replayed by a redirect)')
  t.deepEqual(await revokeSession(routeRequest({ method: 'POST', path: '/account/sessions', form: { session: 'x' } })), { location: '/login' }, 'POST /account/sessions: to /login')
  const signedIn = await account(routeRequest({ path: '/account', user: signedInUser(EMAIL), page: pageContext({ path: '/account', user: { email: EMAIL } }) }))
  t.match(htmlOf(signedIn), /data-testid="account-email">ada@example\.com</, 'signed in: the account page, showing the email')
})

test('log out everywhere (DynamoDB): the account\'s sessions end from now, and its other rows are deleted', async t => {
  const accounts = await withAda()
  const table = recordingTable([ signedInRow('current', EMAIL), signedInRow('laptop', EMAIL), signedInRow('phone', EMAIL), signedInRow('grace-session', 'grace@example.com') ])
  const response = await logoutEverywhere(adaRequest('POST', '/account/logout-everywhere', accounts, table))
  t.deepEqual(response, { location: '/login', session: { flash: 'logged-out-everywhere' }, rotateSession: true }, 'to /login, rotated, with the message')
  t.equal(accounts.users.get(EMAIL)?.sessionsValidSince, NOW_MS, 'sessions signed in before now are no longer valid')
  t.deepEqual(deletedIds(table).sort(), [ 'laptop', 'phone' ], 'the other rows of the account are deleted')
  t.deepEqual([ ...table.rows.keys() ].sort(), [ 'current', 'grace-session' ], 'this session\'s row stays (the rotation replaces it), and other users\' rows are untouched')
})

test('log out everywhere (JWE): the account\'s sessions end from now, and no table is opened', async t => {
  const accounts = await withAda()
  // routeRequest's default sessions table throws if opened.
  const response = await logoutEverywhere(routeRequest({ method: 'POST', path: '/account/logout-everywhere', user: signedInUser(EMAIL), accounts: accounts.open }))
  t.deepEqual(response, { location: '/login', session: { flash: 'logged-out-everywhere' }, rotateSession: true }, 'to /login, rotated, with the message')
  t.deepEqual(accounts.calls, [ { op: 'users.setSessionsValidSince', email: EMAIL, at: NOW_MS } ], 'sessionsValidSince set to now, nothing else')
})

test('revoking one session is refused in the JWE store, which cannot end one session alone', async t => {
  const response = await revokeSession(routeRequest({ method: 'POST', path: '/account/sessions', user: signedInUser(EMAIL), form: { session: 'anything' } }))
  t.equal(statusOf(response), 400, '400')
  t.match(htmlOf(response), /Nothing to revoke/, 'the page says why')
  t.equal(response.session, undefined, 'the session is unchanged')
})

test('revoking another of your sessions deletes its row and says so', async t => {
  const accounts = await withAda()
  const table = recordingTable([ signedInRow('current', EMAIL), signedInRow('laptop', EMAIL) ])
  const request = adaRequest('POST', '/account/sessions', accounts, table, { form: { session: sessionHandle('laptop', APP_SECRET) } })
  const response = await revokeSession(request)
  t.deepEqual(response, { location: '/account/sessions', session: { ...request.session, flash: 'session-revoked' } }, 'back to the list, with the message, this session otherwise unchanged')
  t.deepEqual(deletedIds(table), [ 'laptop' ], 'that row, and only it, is deleted')
})

test('revoking the session you are using signs you out', async t => {
  const accounts = await withAda()
  const table = recordingTable([ signedInRow('current', EMAIL), signedInRow('laptop', EMAIL) ])
  const response = await revokeSession(adaRequest('POST', '/account/sessions', accounts, table, { form: { session: sessionHandle('current', APP_SECRET) } }))
  t.deepEqual(response, { location: '/', session: { flash: 'signed-out' }, rotateSession: true }, 'signed out: home, rotated')
  t.deepEqual(deletedIds(table), [], 'nothing deleted here (the rotation deletes the old row once the new one is written)')
})

test('revoking a session that is not one of yours, or not live, is refused and deletes nothing', async t => {
  const accounts = await withAda()
  const table = recordingTable([
    signedInRow('current', EMAIL),
    signedInRow('grace-session', 'grace@example.com'),
    signedInRow('idle-laptop', EMAIL, { lastSeenAt: NOW_MS - 31 * 60 * 1000 }),
  ])
  for (const [ label, handle ] of [
    [ 'an unknown handle', 'AAAAAAAAAAAAAAAAAAAAAA' ],
    [ 'no handle', undefined ],
    [ 'a session id instead of a handle', 'current' ],
    [ 'another user\'s session', sessionHandle('grace-session', APP_SECRET) ],
    [ 'a session that has ended (idle)', sessionHandle('idle-laptop', APP_SECRET) ],
  ] as const) {
    const response = await revokeSession(adaRequest('POST', '/account/sessions', accounts, table, { form: handle === undefined ? {} : { session: handle } }))
    t.equal(statusOf(response), 400, `${label}: 400`)
    t.match(htmlOf(response), /No such session/, `${label}: the page says so`)
  }
  t.deepEqual(deletedIds(table), [], 'nothing was deleted')
})

test('the sessions page lists the account\'s live sessions by device, and never prints a session id', async t => {
  const accounts = await withAda()
  const table = recordingTable([ signedInRow('current-session-id-0000000', EMAIL, { device: 'Firefox on Linux' }), signedInRow('laptop-session-id-00000000', EMAIL, { device: '<b>Safari</b> on macOS' }) ])
  const html = htmlOf(await sessions(adaRequest('GET', '/account/sessions', accounts, table, { sessionId: 'current-session-id-0000000' })))
  t.ok(html.includes('Firefox on Linux'), 'this device is listed')
  t.ok(html.includes('&lt;b&gt;Safari&lt;/b&gt; on macOS'), 'the other device is listed, escaped')
  t.ok(html.includes(sessionHandle('laptop-session-id-00000000', APP_SECRET)), 'each revoke button names its session by handle')
  t.notOk(html.includes('current-session-id') || html.includes('laptop-session-id'), 'no session id is on the page')
})

test('the app\'s clock: the real time, unless the sandbox names a file with an offset', t => {
  const dir = makeTempDir('arc-sessions-clock-test-')
  try {
    const file = join(dir, 'offset')
    /** Asserts that `clock` reads the real time plus `offset` ms. */
    const assertOffset = (clock: () => number, offset: number, label: string) => {
      const before = Date.now()
      const value = clock()
      const after = Date.now()
      t.ok(value >= before + offset && value <= after + offset, `${label}: real time + ${offset} ms (got ${value - before} ms ahead)`)
    }
    t.equal(clockFor({}), Date.now, 'no variable: Date.now itself')
    t.equal(clockFor({ ARC_ENV: 'testing' }), Date.now, 'testing without the variable: Date.now')

    writeFileSync(file, '3600000\n')
    assertOffset(clockFor({ ARC_ENV: 'testing', SANDBOX_CLOCK_OFFSET_FILE: file }), 3600000, 'testing, file says 3600000')
    assertOffset(clockFor({ SANDBOX_CLOCK_OFFSET_FILE: file }), 3600000, 'ARC_ENV unset (the sandbox default), file says 3600000')
    const clock = clockFor({ ARC_ENV: 'testing', SANDBOX_CLOCK_OFFSET_FILE: file })
    writeFileSync(file, '-5000')
    assertOffset(clock, -5000, 'the file is read at each call: it now says -5000')

    t.equal(clockFor({ ARC_ENV: 'staging', SANDBOX_CLOCK_OFFSET_FILE: file }), Date.now, 'staging: the variable is ignored')
    t.equal(clockFor({ ARC_ENV: 'production', SANDBOX_CLOCK_OFFSET_FILE: file }), Date.now, 'production: the variable is ignored')

    writeFileSync(file, 'half an hour')
    assertOffset(clock, 0, 'a file that is not a number: offset 0')
    writeFileSync(file, 'Infinity')
    assertOffset(clock, 0, 'an infinite offset: 0')
    assertOffset(clockFor({ ARC_ENV: 'testing', SANDBOX_CLOCK_OFFSET_FILE: join(dir, 'missing') }), 0, 'a file that cannot be read: offset 0')
    assertOffset(clockFor({ ARC_ENV: 'testing', SANDBOX_CLOCK_OFFSET_FILE: dir }), 0, 'a directory instead of a file: offset 0')
  }
  finally {
    removeTempDir(dir)
  }
  t.end()
})

// Registration, sign-in, sign-out and the account pages, over HTTP against the sandbox.
import test from 'tape'
import { DEMO, flashOn, newEmail, registerAs, signInAs, signedInAs } from '../helpers/accounts.ts'
import { countOn, csrfFrom, markupOf, sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { sessionRows, tableRows } from '../helpers/tables.ts'

const store = storeUnderTest()

test(`${store}: the demo account exists as soon as the sandbox starts`, async t => {
  const browser = sessionClient()
  const signedIn = await signInAs(browser, DEMO.email, DEMO.password)
  t.equal(signedIn.status, 303, 'its password signs in')
  t.equal(signedInAs((await browser.get('/')).body), DEMO.email, 'and every page then says who is signed in')
})

test(`${store}: signed out, every page offers sign-in and register links`, async t => {
  const page = await sessionClient().get('/')
  t.ok(page.body.includes('<a href="/login">Sign in</a>'), 'a sign-in link')
  t.ok(page.body.includes('<a href="/register">Register</a>'), 'a register link')
  t.equal(signedInAs(page.body), undefined, 'nobody is named as signed in')
})

test(`${store}: registering creates the account, signs in, and says so once`, async t => {
  const email = newEmail('register')
  const browser = sessionClient()
  const posted = await registerAs(browser, `  ${email.toUpperCase()} `)
  t.equal(posted.status, 303, 'registration redirects')
  t.equal(posted.headers.get('location'), '/account', 'to the account page')
  const account = await browser.get('/account')
  t.equal(account.status, 200, 'the account page opens')
  t.ok(account.body.includes(`data-testid="account-email">${email}<`), 'showing the email, trimmed and lower-cased')
  t.equal(signedInAs(account.body), email, 'the header says who is signed in')
  t.ok(account.body.includes('action="/logout"'), 'with a sign-out button')
  t.match(flashOn(account.body) ?? '', /Welcome/, 'the welcome message shows')
  t.equal(flashOn((await browser.get('/account')).body), undefined, 'once, then it is gone')
  const user = (await tableRows('users')).find(row => row.email === email)
  t.match(String(user?.passwordHash), /^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/, 'the password is stored as an scrypt hash (N=2^17, r=8, p=1)')
  t.notOk(JSON.stringify(user).includes('a long enough password'), 'and never in plain text')
})

test(`${store}: a taken email and a wrong password get the same answer, and neither signs in`, async t => {
  const email = newEmail('taken')
  await registerAs(sessionClient(), email, 'the first password')
  const again = await registerAs(sessionClient(), email, 'another password entirely')
  const wrong = await signInAs(sessionClient(), email, 'another password entirely')
  const unknown = await signInAs(sessionClient(), newEmail('nobody'), 'another password entirely')
  const message = (page: string) => /<ul><li>([^<]*)<\/li><\/ul>/.exec(page)?.[1]
  t.equal(again.status, 400, 'registering a taken email: 400')
  t.equal(wrong.status, 400, 'a wrong password: 400')
  t.equal(unknown.status, 400, 'an unknown email: 400')
  t.equal(message(again.body), message(wrong.body), 'the same message for a taken email and a wrong password')
  t.equal(message(unknown.body), message(wrong.body), 'and for an unknown email')
  t.equal((await tableRows('users')).filter(row => row.email === email).length, 1, 'the first account is untouched')
})

test(`${store}: signing in gives the browser a new session id; the old one is worthless`, async t => {
  const email = newEmail('rotate')
  await registerAs(sessionClient(), email)
  const browser = sessionClient()
  await browser.post('/count')
  await browser.post('/count')
  const before = browser.cookie
  await signInAs(browser, email, 'a long enough password')
  t.notEqual(browser.cookie, before, 'the cookie value changed')
  const home = await browser.get('/')
  t.equal(countOn(home.body), 2, 'the counter is carried over on purpose')
  t.equal(signedInAs(home.body), email, 'and the browser is signed in')
  const replay = await sessionClient(before).get('/')
  t.equal(signedInAs(replay.body), undefined, 'the pre-sign-in cookie is not signed in')
  if (store === 'dynamodb') {
    t.ok(replay.body.includes('none yet: nothing is stored'), 'and its row is gone: it reads as no session at all')
    t.notOk((await sessionRows()).some(row => row.count === 2 && row.userEmail === undefined), 'no anonymous row with the old count is left')
  }
})

test(`${store}: sign-out is a POST; afterwards the old cookie no longer signs in (DynamoDB) `, async t => {
  const email = newEmail('logout')
  const browser = sessionClient()
  await registerAs(browser, email)
  t.equal((await browser.get('/logout')).status, 404, 'GET /logout does not exist')
  t.equal(signedInAs((await browser.get('/')).body), email, 'so a link cannot sign anyone out')

  const signedInCookie = browser.cookie
  const out = await browser.post('/logout', {}, { from: (await browser.get('/')).body })
  t.equal(out.status, 303, 'POST /logout redirects')
  t.equal(out.headers.get('location'), '/signed-out', 'to the signed-out page')
  t.match(out.setCookies[0] ?? '', /^_idx=; Max-Age=0/, 'expiring the session cookie')
  t.equal(browser.cookie, undefined, 'the browser holds no session any more')
  const page = await browser.get('/signed-out')
  t.equal(flashOn(page.body), 'Signed out.', 'which says so')
  t.deepEqual(page.setCookies, [], 'and sets no cookie')
  const home = await browser.get('/')
  t.equal(signedInAs(home.body), undefined, 'the browser is signed out')
  t.equal(countOn(home.body), 0, 'nothing from the signed-in session is kept')

  const copy = await sessionClient(signedInCookie).get('/account')
  if (store === 'dynamodb') {
    t.equal(copy.status, 303, 'a copy of the signed-in cookie is refused: its row was deleted')
    t.notOk((await sessionRows()).some(row => row.userEmail === email), 'no row of this account is left')
  }
  else {
    t.equal(copy.status, 200, 'JWE: a copy of the old cookie still reads (the server cannot revoke it alone)')
  }
})

test(`${store}: log out everywhere ends every session of the account, copied JWE tokens included`, async t => {
  const email = newEmail('everywhere')
  const laptop = sessionClient()
  const phone = sessionClient()
  await registerAs(laptop, email)
  await signInAs(phone, email, 'a long enough password')
  const stolen = sessionClient(phone.cookie)
  t.equal((await stolen.get('/account')).status, 200, 'a copied cookie works before')

  const account = await laptop.get('/account')
  const out = await laptop.post('/account/logout-everywhere', {}, { from: account.body })
  t.equal(out.status, 303, 'log out everywhere redirects')
  t.equal(out.headers.get('location'), '/login', 'to the sign-in page')
  t.match(flashOn((await laptop.get('/login')).body) ?? '', /Signed out everywhere/, 'which says what happened')

  for (const [ name, client ] of [ [ 'the other device', phone ], [ 'the copied cookie', stolen ] ] as const) {
    const page = await client.get('/account')
    t.equal(page.status, 303, `${name} is signed out`)
    const login = await client.get(page.headers.get('location') ?? '/')
    t.equal(signedInAs(login.body), undefined, `${name} shows no one signed in`)
  }
  if (store === 'dynamodb') {
    t.notOk((await sessionRows()).some(row => row.userEmail === email), 'every row of the account is deleted')
  }
  t.equal((await signInAs(sessionClient(), email, 'a long enough password')).status, 303, 'signing in again works')
})

test(`${store}: the sessions page lists and revokes sessions (DynamoDB) or explains why it cannot (JWE)`, async t => {
  const email = newEmail('sessions')
  const laptop = sessionClient()
  const phone = sessionClient()
  await registerAs(laptop, email)
  await signInAs(phone, email, 'a long enough password')
  const page = await laptop.get('/account/sessions')
  t.equal(page.status, 200, 'the page opens')
  if (store === 'jwe') {
    t.ok(page.body.includes('there is no list to show'), 'JWE: it says a list is impossible')
    t.ok(page.body.includes('action="/account/logout-everywhere"'), 'and offers log out everywhere')
    const refused = await laptop.post('/account/sessions', { session: 'anything' }, { from: page.body })
    t.equal(refused.status, 400, 'revoking one JWE session is refused')
    return
  }
  const handles = [ ...page.body.matchAll(/name="session" value="([^"]+)"/g) ].map(m => m[1] ?? '')
  t.equal(handles.length, 2, 'two sessions are listed')
  t.equal((page.body.match(/this device/g) ?? []).length, 1, 'one marked as this device')
  t.notOk(page.body.includes(decodeURIComponent(laptop.cookie ?? '').split('.')[0] ?? 'x'), 'session ids are not in the page')
  const other = [ ...page.body.matchAll(/<tr>[\s\S]*?name="session" value="([^"]+)"/g) ].map(m => m[1])[0]
  const revoked = await laptop.post('/account/sessions', { session: other ?? '' }, { from: page.body })
  t.equal(revoked.status, 303, 'revoking the other session redirects')
  const after = await laptop.get('/account/sessions')
  t.match(flashOn(after.body) ?? '', /Session revoked/, 'and says so')
  t.equal([ ...after.body.matchAll(/name="session" value=/g) ].length, 1, 'one session is left')
  t.equal((await phone.get('/account')).status, 303, 'the revoked device is signed out at its next request')
  const unknown = await laptop.post('/account/sessions', { session: 'no-such-handle' }, { from: after.body })
  t.equal(unknown.status, 400, 'an unknown session is refused')
})

test(`${store}: /account when signed out leads to sign-in and back`, async t => {
  const browser = sessionClient()
  const page = await browser.get('/account')
  t.equal(page.status, 303, 'redirected')
  t.equal(page.headers.get('location'), '/login?next=%2Faccount', 'to /login?next=/account')
  const form = await browser.get('/login?next=%2Faccount')
  t.ok(form.body.includes('name="next" value="/account"'), 'the form carries next')
  const signedIn = await signInAs(browser, DEMO.email, DEMO.password, '/account')
  t.equal(signedIn.headers.get('location'), '/account', 'and signing in lands on /account')
})

test(`${store}: after sign-in, only a path on this site is followed (no open redirect)`, async t => {
  const attempts = [ '//evil.example', 'https://evil.example/', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/\t/evil.example', 'http:evil.example' ]
  for (const next of attempts) {
    const signedIn = await signInAs(sessionClient(), DEMO.email, DEMO.password, next)
    t.equal(signedIn.headers.get('location'), '/', `next=${JSON.stringify(next)} goes to /`)
  }
  const form = await sessionClient().get('/login?next=%2F%2Fevil.example')
  t.ok(form.body.includes('name="next" value="/"'), 'the form never carries an off-site next')
})

test(`${store}: CSRF: cross-site posts and missing or stale tokens are refused and change nothing`, async t => {
  const email = newEmail('csrf')
  const browser = sessionClient()
  await registerAs(browser, email)
  await browser.post('/count')
  const page = await browser.get('/')
  const token = csrfFrom(page.body)
  const cases: [ string, string, Record<string, string>, Record<string, string> | 'no token' ][] = [
    [ 'Origin of another site', '/count', { _csrf: token }, { origin: 'https://evil.example' } ],
    [ 'Sec-Fetch-Site: cross-site', '/count', { _csrf: token }, { 'sec-fetch-site': 'cross-site' } ],
    [ 'Sec-Fetch-Site: same-site (a sibling subdomain)', '/destroy', { _csrf: token }, { 'sec-fetch-site': 'same-site' } ],
    [ 'no _csrf field', '/count', { x: '1' }, 'no token' ],
    [ 'an empty _csrf', '/logout', { _csrf: '' }, {} ],
    [ 'another session’s _csrf', '/destroy', { _csrf: csrfFrom((await sessionClient().get('/')).body) }, {} ],
  ]
  for (const [ name, path, fields, headers ] of cases) {
    const cookie = browser.cookie
    const refused = headers === 'no token'
      ? await browser.post(path, fields, { withoutCsrf: true })
      : await browser.post(path, fields, { headers })
    t.equal(refused.status, 403, `${name}: 403`)
    t.equal(browser.cookie, cookie, `${name}: no new cookie`)
  }
  const stale = token
  await browser.post('/logout', {}, { from: page.body })
  await signInAs(browser, email, 'a long enough password')
  const staleCount = await browser.post('/count', { _csrf: stale })
  t.equal(staleCount.status, 403, 'a token from before sign-in is stale after it: 403')
  const home = await browser.get('/')
  t.equal(countOn(home.body), 0, 'the count did not change')
  t.equal(signedInAs(home.body), email, 'and the browser is still signed in')
})

test(`${store}: bad input to the forms gets a 400 page that says what to fix, keeps the email, stores nothing`, async t => {
  const browser = sessionClient()
  const form = await browser.get('/register')
  const post = (fields: Record<string, string>) => browser.post('/register', fields, { from: form.body })
  const usersBefore = (await tableRows('users')).length
  const cases: [ string, Record<string, string>, RegExp ][] = [
    [ 'empty fields', { email: '', password: '' }, /Enter your email address[\s\S]*Enter a password/ ],
    [ 'missing fields', {}, /Enter your email address/ ],
    [ 'a short password', { email: 'short@example.com', password: 'seven77' }, /at least 8 characters \(this one has 7\)/ ],
    [ 'a 257-character password', { email: 'long@example.com', password: 'x'.repeat(257) }, /at most 256 characters/ ],
    [ 'not an email', { email: 'not-an-email', password: 'long enough password' }, /like name@example.com/ ],
    [ 'HTML in the email', { email: '"><script>alert(1)</script>', password: 'long enough password' }, /like name@example.com/ ],
  ]
  for (const [ name, fields, message ] of cases) {
    const page = await post(fields)
    t.equal(page.status, 400, `${name}: 400`)
    t.match(page.body, message, `${name}: says what to fix`)
    t.deepEqual(page.setCookies, [], `${name}: no cookie`)
  }
  const scripted = await post({ email: '"><script>alert(1)</script>', password: 'secret password here' })
  t.ok(/value="&quot;(>|&gt;)(<|&lt;)script(>|&gt;)alert\(1\)/.test(scripted.body), 'the typed email is kept, escaped in its attribute')
  t.notOk(markupOf(scripted.body).includes('<script'), 'and never rendered as markup')
  t.notOk(scripted.body.includes('secret password here'), 'the password is never sent back')

  const raw = (body: string) => browser.request('POST', '/register', body, { 'content-type': 'application/x-www-form-urlencoded' })
  const csrf = `_csrf=${encodeURIComponent(csrfFrom(form.body))}`
  const huge = await raw(`${csrf}&email=a%40b.co&password=${'x'.repeat(1024 * 1024)}`)
  t.equal(huge.status, 400, 'a 1 MB form: 400')
  t.match(huge.body, /larger than 16 KB/, 'which says the form is too large')
  const latin1 = await raw(`${csrf}&email=caf%E9%40example.com&password=long+enough+password`)
  t.equal(latin1.status, 400, 'a form that is not UTF-8: 400')
  t.match(latin1.body, /not valid UTF-8/, 'which says so')
  t.equal((await tableRows('users')).length, usersBefore, 'no account was stored by any of them')
})

test(`${store}: five failed sign-ins lock the account for 15 minutes, for unknown emails too`, async t => {
  for (const [ name, email ] of [ [ 'an account', newEmail('locked') ], [ 'an email with no account', newEmail('ghost') ] ] as const) {
    if (name === 'an account') await registerAs(sessionClient(), email)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await signInAs(sessionClient(), email, 'wrong password!')).status)
    t.deepEqual(statuses, [ 400, 400, 400, 400, 400, 429 ], `${name}: five passwords checked and refused, then the sixth is not checked`)
    const locked = await signInAs(sessionClient(), email, 'a long enough password')
    t.equal(locked.status, 429, `${name}: while locked, even the right password is refused`)
    t.match(locked.body, /Too many failed sign-ins for this account/, `${name}: with a clear message`)
    t.ok(Number(locked.headers.get('retry-after')) > 14 * 60, `${name}: and Retry-After of about 15 minutes`)
  }
  t.equal((await tableRows('lockouts')).length > 0, true, 'the lockout is kept in DynamoDB, where every Lambda sees it')
})

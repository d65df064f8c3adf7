// The counter and destroy, over HTTP, against the app running in the sandbox.
import test from 'tape'
import { countOn, sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { sessionRows } from '../helpers/tables.ts'

const store = storeUnderTest()

test(`${store}: GET / shows the store in use and a count of 0 to a new visitor`, async t => {
  const page = await sessionClient().get('/')
  t.equal(page.status, 200, '200 OK')
  t.equal(page.headers.get('content-type'), 'text/html; charset=utf-8', 'an HTML page')
  t.equal(countOn(page.body), 0, 'the count is 0')
  const label = store === 'jwe' ? 'JWE cookie' : 'DynamoDB table “sessions”'
  t.ok(page.body.includes(`data-testid="store">${label}<`), `the page names the store: ${label}`)
  t.deepEqual(page.setCookies, [], 'a page view sets no cookie')
})

test(`${store}: counting three times shows 3; destroy shows 0`, async t => {
  const browser = sessionClient()
  for (let i = 1; i <= 3; i++) {
    const posted = await browser.post('/count')
    t.equal(posted.status, 303, `count #${i} redirects with 303`)
    t.equal(posted.headers.get('location'), '/', 'back to the counter')
  }
  const counted = await browser.get('/')
  t.equal(countOn(counted.body), 3, 'the page shows 3')
  t.ok(counted.body.includes('"count": 3'), 'the contents show count: 3')

  const destroyed = await browser.post('/destroy', {}, { from: counted.body })
  t.equal(destroyed.status, 303, 'destroy redirects with 303')
  t.equal(destroyed.headers.get('location'), '/', 'back to the counter')
  t.match(destroyed.setCookies[0] ?? '', /^_idx=; Max-Age=0/, 'the browser is told to drop the cookie')
  t.equal(browser.cookie, undefined, 'the browser holds no session cookie')
  t.equal(countOn((await browser.get('/')).body), 0, 'the page shows 0')
})

test(`${store}: two browsers have separate sessions`, async t => {
  const alice = sessionClient()
  const bob = sessionClient()
  await alice.post('/count')
  await alice.post('/count')
  await bob.post('/count')
  t.equal(countOn((await alice.get('/')).body), 2, 'the first browser counted 2')
  t.equal(countOn((await bob.get('/')).body), 1, 'the second browser counted 1')
})

test(`${store}: the session cookie has the attributes Architect gives it`, async t => {
  const browser = sessionClient()
  const page = await browser.post('/count')
  const cookie = page.setCookies[0] ?? ''
  const [ pair = '', ...attributes ] = cookie.split('; ')
  t.match(pair, /^_idx=[^;]+$/, 'an _idx cookie')
  t.deepEqual(attributes.map(a => a.replace(/=.*/, '=…')).sort(), [ 'Expires=…', 'HttpOnly', 'Max-Age=…', 'Path=…', 'SameSite=…' ],
    'with Max-Age and Expires, HttpOnly; no Secure in the sandbox, which serves plain HTTP')
  t.ok(attributes.includes('Path=/') && attributes.includes('SameSite=Lax'), 'Path=/, SameSite=Lax')
  if (store === 'jwe') {
    t.match(browser.cookie ?? '', /^eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0\.\./, 'a JWE token with header {alg: dir, enc: A256GCM}')
  }
  else {
    t.match(decodeURIComponent(browser.cookie ?? ''), /^[\w-]{24}\.[\w+/]{43}$/, 'a signed 24-character row id')
  }
})

test(`${store}: destroy deletes the DynamoDB row, so the old cookie is worthless`, async t => {
  const browser = sessionClient()
  await browser.post('/count')
  const copied = browser.cookie
  const before = await sessionRows()
  await browser.post('/destroy')
  const replay = sessionClient(copied)
  const page = await replay.get('/')
  if (store === 'dynamodb') {
    t.equal((await sessionRows()).length, before.length - 1, 'one row fewer')
    t.equal(countOn(page.body), 0, 'the copied cookie reads as no session')
  }
  else {
    t.deepEqual(await sessionRows(), [], 'JWE sessions never touch the table')
    // A JWE cookie holds the data itself: the server cannot revoke a copy (login's "log out
    // everywhere" solves this for signed-in sessions).
    t.equal(countOn(page.body), 1, 'a copied JWE token still reads: the server cannot revoke it')
  }
})

// The attacker's edges: a redirect built from the path of a session that just ended, several
// `_idx` cookies (one planted from a sibling subdomain), and forms sent by clients that say
// nothing about where they come from.
import test from 'tape'
import { DEMO, newEmail, registerAs, signInAs, signedInAs } from '../helpers/accounts.ts'
import { countOn, csrfFrom, sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { moveClock, resetClock } from '../helpers/sandbox.ts'

const store = storeUnderTest()
const MINUTE = 60 * 1000

test(`${store}: the redirect after a session ends never leaves the site`, async t => {
  for (const path of [ '//evil.example/', '///evil.example', '/\\evil.example', '/%2F%2Fevil.example' ]) {
    const browser = sessionClient()
    await registerAs(browser, newEmail('ended'))
    moveClock(31 * MINUTE)
    try {
      const ended = await browser.get(path)
      const location = ended.headers.get('location') ?? ''
      t.equal(ended.status, 303, `GET ${path} with a session that just ended: 303`)
      t.ok(location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\'), `to a path on this site (Location: ${location})`)
      t.equal(new URL(location, 'http://this.site').host, 'this.site', 'which a browser resolves to this site')
    }
    finally {
      resetClock()
    }
  }
})

test(`${store}: several _idx cookies read as no session, and the response expires them all`, async t => {
  const browser = sessionClient()
  await browser.post('/count')
  const planted = await browser.get('/', { cookie: `_idx=${browser.cookie}; _idx=planted-by-a-sibling` })
  t.equal(planted.status, 200, 'a normal page')
  t.equal(countOn(planted.body), 0, 'with no session')
  t.match(planted.body, /several session cookies/, 'that says in one sentence what happened')
  const expiries = planted.setCookies.filter(c => /^_idx=;/.test(c) && /Max-Age=0/i.test(c))
  t.ok(expiries.length >= 1, 'the response expires _idx')
  t.ok(expiries.some(c => !/Domain=/i.test(c)), 'for this host')
  const after = await browser.get('/')
  t.equal(countOn(after.body), 0, 'the cleared browser starts afresh')
  const signedIn = await signInAs(browser, DEMO.email, DEMO.password)
  t.equal(signedIn.status, 303, 'and can sign in at once')
  t.equal(signedInAs((await browser.get('/')).body), DEMO.email, 'and stays signed in')
})

test(`${store}: a form sent with neither Origin nor Sec-Fetch-Site needs a session of its own`, async t => {
  const victim = sessionClient()
  const form = await victim.get('/login')
  const publicToken = csrfFrom(form.body)
  t.equal(csrfFrom((await sessionClient().get('/login')).body), publicToken, 'every visitor without a session sees the same token')
  const forged = await victim.post('/login', { email: DEMO.email, password: DEMO.password, _csrf: publicToken }, { fetchMetadata: false })
  t.equal(forged.status, 403, 'a sign-in posted without Origin or Sec-Fetch-Site is refused (403)')
  t.match(forged.body, /origin is unknown/, 'with a page saying why')
  t.equal(forged.setCookies.length, 0, 'and no session cookie')
  const registered = await victim.post('/register', { email: newEmail('forged'), password: 'a long enough password', _csrf: publicToken }, { fetchMetadata: false })
  t.equal(registered.status, 403, 'a registration likewise')
  t.equal(victim.cookie, undefined, 'the victim has no session')

  const own = sessionClient()
  await own.post('/count')
  const page = await own.get('/')
  const counted = await own.post('/count', {}, { from: page.body, fetchMetadata: false })
  t.equal(counted.status, 303, 'with a session of its own and its token, the same kind of client may post')
  t.equal(countOn((await own.get('/')).body), 2, 'and the count goes on')
})

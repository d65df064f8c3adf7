// Deadlines the app enforces on read, tested by moving the app's clock (see src/shared/clock.ts)
// instead of waiting: idle and absolute timeouts, the 15-minute lockout, DynamoDB's _ttl.
import test from 'tape'
import { flashOn, newEmail, registerAs, signInAs, signedInAs } from '../helpers/accounts.ts'
import { countOn, sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { moveClock, resetClock } from '../helpers/sandbox.ts'

const store = storeUnderTest()
const MINUTE = 60 * 1000

test(`${store}: 31 idle minutes end a signed-in session; 29 do not`, async t => {
  const browser = sessionClient()
  const email = newEmail('idle')
  await registerAs(browser, email)
  try {
    moveClock(29 * MINUTE)
    t.equal((await browser.get('/account')).status, 200, 'after 29 idle minutes the account page still opens')
    moveClock(29 * MINUTE)
    t.equal((await browser.get('/account')).status, 200, 'that visit reset the idle timer: 29 more minutes are fine')
    moveClock(31 * MINUTE)
    const expired = await browser.get('/account')
    t.equal(expired.status, 303, 'after 31 idle minutes the session has ended')
    const again = await browser.get(expired.headers.get('location') ?? '')
    t.equal(again.headers.get('location'), '/login?next=%2Faccount', 'the visitor is sent to sign in')
    const login = await browser.get('/login?next=%2Faccount')
    t.equal(flashOn(login.body), 'Your session expired. Sign in again to continue.', 'and told why')
    t.equal(signedInAs(login.body), undefined, 'nobody is signed in')
  }
  finally {
    resetClock()
  }
})

test(`${store}: 12 hours after sign-in the session ends, however active`, async t => {
  const browser = sessionClient()
  await registerAs(browser, newEmail('absolute'))
  try {
    for (let elapsed = 0; elapsed < 11 * 60; elapsed += 25) {
      moveClock(25 * MINUTE)
      if ((await browser.get('/account')).status !== 200) {
        t.fail(`signed out early, ${elapsed + 25} minutes in`)
        return
      }
    }
    t.pass('active every 25 minutes for 11 hours: still signed in')
    moveClock(61 * MINUTE)
    const page = await browser.get('/account')
    t.equal(page.status, 303, 'past 12 hours: signed out')
    t.equal(signedInAs((await browser.get('/')).body), undefined, 'the header agrees')
  }
  finally {
    resetClock()
  }
})

test(`${store}: the 15-minute lockout ends on its own`, async t => {
  const email = newEmail('lock-ends')
  await registerAs(sessionClient(), email)
  try {
    for (let i = 0; i < 5; i++) await signInAs(sessionClient(), email, 'wrong password!')
    t.equal((await signInAs(sessionClient(), email, 'a long enough password')).status, 429, 'locked')
    moveClock(14 * MINUTE)
    t.equal((await signInAs(sessionClient(), email, 'a long enough password')).status, 429, 'still locked 14 minutes later')
    moveClock(2 * MINUTE)
    t.equal((await signInAs(sessionClient(), email, 'a long enough password')).status, 303, '16 minutes later the right password works')
  }
  finally {
    resetClock()
  }
})

test(`${store}: a session unused for 8 days is gone (JWE token lifetime, DynamoDB _ttl)`, async t => {
  const browser = sessionClient()
  await browser.post('/count')
  try {
    moveClock(6 * 24 * 60 * MINUTE)
    t.equal(countOn((await browser.get('/')).body), 1, 'after 6 days the session still reads')
    moveClock(2 * 24 * 60 * MINUTE)
    const page = await browser.get('/')
    t.equal(countOn(page.body), 0, 'after 8 days it reads as no session, whatever the cookie’s Max-Age')
    t.ok(page.body.includes('none yet: nothing is stored'), store === 'dynamodb'
      ? 'the row past its _ttl counts as gone though DynamoDB has not deleted it'
      : 'the token is past its 7-day life')
  }
  finally {
    resetClock()
  }
})

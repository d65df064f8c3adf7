// Whatever arrives in the `_idx` cookie, the visitor gets a normal page and, at worst, a fresh
// empty session: never a 5xx, never someone else's data.
import test from 'tape'
import { sealJwe } from '../../src/shared/session/jwe.ts'
import { PUBLIC_FALLBACK_KEYS } from '../helpers/public-keys.ts'
import { signSessionId } from '../../src/shared/session/signed-id.ts'
import { countOn, sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { sessionRows } from '../helpers/tables.ts'

const store = storeUnderTest()
const nowSeconds = () => Math.floor(Date.now() / 1000)

/** A session with count 5, as the app issues it. */
async function realCookie (): Promise<string> {
  const visitor = sessionClient()
  for (let i = 0; i < 5; i++) await visitor.post('/count')
  if (!visitor.cookie) throw new Error('no cookie issued')
  return visitor.cookie
}

/** The AES key Architect derives from a secret: its first 32 characters. */
const keyOf = (secret: string) => Buffer.from(secret.slice(0, 32))

function flipMiddle (value: string): string {
  const i = Math.floor(value.length / 2)
  const c = value[i] === 'A' ? 'B' : 'A'
  return value.slice(0, i) + c + value.slice(i + 1)
}

test(`${store}: missing, malformed, truncated, tampered and foreign cookies read as no session`, async t => {
  const good = await realCookie()
  t.equal(countOn((await sessionClient(good).get('/')).body), 5, 'the untouched cookie reads (count 5)')
  const foreignJwe = await sealJwe({ count: 99, _secret: 'x' }, keyOf('another-app-secret-of-32-characters!!'), 'A256GCM', nowSeconds())
  const publicKeyJwe = await sealJwe({ count: 99, _secret: 'x' }, keyOf(PUBLIC_FALLBACK_KEYS.A256GCM), 'A256GCM', nowSeconds())
  const cases: [ string, string ][] = [
    [ 'no cookie header', '' ],
    [ 'an empty _idx', '_idx=' ],
    [ 'a name without a value', '_idx' ],
    [ 'broken percent-encoding', '_idx=%E0%A4%A' ],
    [ 'separators only', ';;; ;' ],
    [ 'the cookie cut in half', `_idx=${good.slice(0, Math.floor(good.length / 2))}` ],
    [ 'the cookie missing its last character', `_idx=${good.slice(0, -1)}` ],
    [ 'one character changed', `_idx=${flipMiddle(good)}` ],
    [ 'an 8 KB value', `_idx=${'A'.repeat(8192)}` ],
    [ 'a JWE token sealed with another key', `_idx=${foreignJwe}` ],
    [ 'a JWE token sealed with Architect’s public fallback key', `_idx=${publicKeyJwe}` ],
    [ 'a DynamoDB id signed with another secret', `_idx=${encodeURIComponent(signSessionId('abcdefghijklmnopqrstuvwx', 'not-our-secret'))}` ],
    [ 'a DynamoDB id signed correctly for a row that does not exist',
      `_idx=${encodeURIComponent(signSessionId('abcdefghijklmnopqrstuvwx', 'testing-only-secret-never-use-in-staging-or-production'))}` ],
    [ 'two copies of the valid cookie', `_idx=${good}; _idx=${good}` ],
    [ 'the valid cookie and a planted one', `_idx=${good}; other=1; _idx=${foreignJwe}` ],
  ]
  const rowsBefore = await sessionRows()
  for (const [ name, header ] of cases) {
    const visitor = sessionClient()
    const page = await visitor.get('/', header ? { cookie: header } : {})
    t.equal(page.status, 200, `${name}: 200`)
    t.ok(page.body.includes('none yet: nothing is stored'), `${name}: the page shows no session`)
    t.equal(countOn(page.body), 0, `${name}: count 0`)
  }
  t.deepEqual(await sessionRows(), rowsBefore, 'reading bad cookies wrote nothing')
})

test(`${store}: a bad cookie is replaced by a fresh session on the next change`, async t => {
  const good = await realCookie()
  const visitor = sessionClient(flipMiddle(good))
  const page = await visitor.get('/')
  const posted = await visitor.post('/count', {}, { from: page.body })
  t.equal(posted.status, 303, 'the post goes through')
  t.notEqual(visitor.cookie, flipMiddle(good), 'a new cookie replaced the bad one')
  t.equal(countOn((await visitor.get('/')).body), 1, 'the fresh session counts from 1, not from the tampered 5')
})

test(`${store}: unknown routes get a real 404 page`, async t => {
  for (const path of [ '/nope', '/count/extra', '/%3Cscript%3E' ]) {
    const page = await sessionClient().get(path)
    t.equal(page.status, 404, `GET ${path}: 404`)
    t.ok(page.body.includes('Page not found'), `GET ${path}: the page says so`)
    t.notOk(page.body.includes('<script>'), `GET ${path}: the path is escaped`)
  }
  const get = await sessionClient().get('/count')
  t.equal(get.status, 404, 'GET /count (a POST-only route) is 404: a GET changes nothing')
})

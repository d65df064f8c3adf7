// Failing closed: security headers on every page, forged and mangled JWE tokens, notes that are
// too big or full of markup, and what the inspector gives away (nothing that takes a session).
import { createCipheriv, createHmac, randomBytes } from 'node:crypto'
import test from 'tape'
import { sealJwe } from '../../src/shared/session/jwe.ts'
import { PUBLIC_FALLBACK_KEYS } from '../helpers/public-keys.ts'
import { newEmail, registerAs } from '../helpers/accounts.ts'
import { countOn, csrfFrom, markupOf, sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { appNow } from '../helpers/sandbox.ts'
import { sessionRows } from '../helpers/tables.ts'

const store = storeUnderTest()
const SECRET = 'testing-only-secret-never-use-in-staging-or-production'
const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url')
const nowSeconds = () => Math.floor(appNow() / 1000)
/** The AES key Architect derives from a secret: its first `length` characters. */
const keyOf = (secret: string, length = 32) => Buffer.from(secret.slice(0, length))

/** A JWE with any header, sealed with `key` under AES-GCM of the key's size: what an attacker can build. */
function craftedJwe (header: object, key: Buffer, payload: object): string {
  const protectedHeader = b64(JSON.stringify(header))
  const iv = randomBytes(12)
  const cipher = createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(protectedHeader))
  const ciphertext = Buffer.concat([ cipher.update(JSON.stringify(payload)), cipher.final() ])
  return [ protectedHeader, '', b64(iv), b64(ciphertext), b64(cipher.getAuthTag()) ].join('.')
}

test(`${store}: every HTML page carries the security headers`, async t => {
  const browser = sessionClient()
  await registerAs(browser, newEmail('headers'))
  const anonymous = sessionClient()
  const pages: [ string, typeof browser ][] = [
    [ '/', browser ], [ '/notes', browser ], [ '/account', browser ], [ '/account/sessions', browser ], [ '/no-such-page', browser ],
    [ '/login', anonymous ], [ '/register', anonymous ], [ '/signed-out', anonymous ],
  ]
  for (const [ path, client ] of pages) {
    const page = await client.get(path)
    t.equal(page.headers.get('content-type'), 'text/html; charset=utf-8', `${path}: an HTML page`)
    const csp = page.headers.get('content-security-policy') ?? ''
    t.ok(csp.includes("default-src 'self'") && csp.includes("frame-ancestors 'none'") && !csp.includes('unsafe-inline'),
      `${path}: a CSP with default-src 'self', frame-ancestors 'none', no unsafe-inline`)
    t.equal(page.headers.get('x-content-type-options'), 'nosniff', `${path}: nosniff`)
    t.equal(page.headers.get('referrer-policy'), 'same-origin', `${path}: Referrer-Policy`)
    t.equal(page.headers.get('cache-control'), 'no-store', `${path}: Cache-Control: no-store`)
  }
  const counted = await browser.post('/count')
  t.equal(counted.headers.get('cache-control'), 'no-store', 'a redirect that sets a cookie is no-store too')
  const out = await browser.post('/logout', {}, { from: (await browser.get('/')).body })
  t.equal(out.headers.get('clear-site-data'), '"cookies"', 'POST /logout sends Clear-Site-Data: "cookies"')
})

test(`${store}: forged and mangled JWE tokens read as no session, never a 5xx`, async t => {
  const secretKey = keyOf(SECRET)
  const payload = { count: 41, _secret: 'attacker', iat: nowSeconds() }
  const jwsHeader = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const jwsBody = b64(JSON.stringify(payload))
  const jws = `${jwsHeader}.${jwsBody}.${createHmac('sha256', secretKey).update(`${jwsHeader}.${jwsBody}`).digest('base64url')}`
  const real = await sealJwe({ count: 41, _secret: 'x' }, secretKey, 'A256GCM', nowSeconds())
  const cases: [ string, string ][] = [
    [ 'sealed with Architect’s public fallback key', await sealJwe({ count: 41, _secret: 'x' }, keyOf(PUBLIC_FALLBACK_KEYS.A256GCM), 'A256GCM', nowSeconds()) ],
    [ 'header says A128GCM (key: the secret’s first 16 characters)', craftedJwe({ alg: 'dir', enc: 'A128GCM' }, keyOf(SECRET, 16), payload) ],
    [ 'header says alg none', `${b64(JSON.stringify({ alg: 'none', enc: 'A256GCM' }))}..${real.split('.').slice(2).join('.')}` ],
    [ 'a JWS signed with HS256 and the secret', jws ],
    [ 'an extra header field', craftedJwe({ alg: 'dir', enc: 'A256GCM', kid: 'x' }, secretKey, payload) ],
    [ 'truncated', real.slice(0, real.length - 10) ],
    [ 'one bit flipped in the ciphertext', (() => { const parts = real.split('.'); const c = Buffer.from(parts[3] ?? '', 'base64url'); c[0] = (c[0] ?? 0) ^ 1; parts[3] = b64(c); return parts.join('.') })() ],
    [ 'base64 mangled', real.replace(/[A-Za-z]/, '*') ],
    [ 'empty', '' ],
    [ '8 KB of base64', 'A'.repeat(8192) ],
  ]
  const rowsBefore = await sessionRows()
  for (const [ name, token ] of cases) {
    const page = await sessionClient(token).get('/')
    t.equal(page.status, 200, `${name}: 200`)
    t.equal(countOn(page.body), 0, `${name}: an empty session, not the forged count`)
  }
  t.deepEqual(await sessionRows(), rowsBefore, 'nothing was stored')
  t.equal(countOn((await sessionClient(real).get('/')).body), 41,
    store === 'jwe' ? 'control: the same payload sealed properly does read' : 'control: sealed properly, it reads (and moves into a row)')
})

test(`${store}: notes: markup is shown as text, a 1 MB note is refused, the inspector hides the secrets`, async t => {
  const browser = sessionClient()
  const form = await browser.get('/notes')
  const added = await browser.post('/notes', { action: 'add', note: '<script>alert(1)</script><img src=x onerror=alert(2)>' }, { from: form.body })
  t.equal(added.status, 303, 'a note with markup is added')
  const page = await browser.get('/notes')
  t.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), 'it is shown escaped')
  t.notOk(markupOf(page.body).includes('<script>alert') || markupOf(page.body).includes('<img src=x'), 'never as markup')

  const cookie = browser.cookie
  const huge = await browser.request('POST', '/notes', `_csrf=${encodeURIComponent(csrfFrom(page.body))}&action=add&note=${'x'.repeat(1024 * 1024)}`, { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(huge.status, 400, 'a 1 MB note: 400')
  t.equal(browser.cookie, cookie, 'the session is unchanged')
  const long = await browser.post('/notes', { action: 'add', note: 'y'.repeat(501) }, { from: page.body })
  t.equal(long.status, 400, 'a 501-character note: 400')
  t.match(long.body, /at most 500 characters \(this one has 501\)/, 'saying what to fix')
  t.ok(long.body.includes('value="' + 'y'.repeat(501)), 'and keeping what was typed')
  const gone = await browser.post('/notes', { action: 'delete', index: '7' }, { from: page.body })
  t.equal(gone.status, 400, 'deleting a note that does not exist: 400')
  const deleted = await browser.post('/notes', { action: 'delete', index: '0' }, { from: page.body })
  t.equal(deleted.status, 303, 'deleting the note works')
  t.ok((await browser.get('/notes')).body.includes('No notes yet.'), 'and the list is empty again')

  const inspected = await browser.get('/')
  t.ok(inspected.body.includes('<details class="inspector card" data-testid="inspector">'), 'every page has the inspector, closed')
  t.ok(inspected.body.includes('[redacted: the CSRF token is derived from it]'), 'the CSRF secret is redacted')
  if (store === 'dynamodb') {
    const id = decodeURIComponent(browser.cookie ?? '').split('.')[0] ?? ''
    t.equal(id.length, 24, 'the session id is 24 characters')
    t.notOk(inspected.body.includes(id), 'and never whole on the page')
    t.ok(inspected.body.includes(`data-testid="id-prefix">${id.slice(0, 6)}…<`), 'only its first six')
  }
  else {
    t.ok(inspected.body.includes('data-testid="jwe-header"><code>{"alg":"dir","enc":"A256GCM"}</code>'), 'the JWE header is shown')
  }
})

test(`${store}: a note too big for the store leaves the session exactly as it was`, async t => {
  const browser = sessionClient()
  let refused
  let count = 0
  for (let i = 0; i < 12 && !refused; i++) {
    // The page view first: showing "Note added" clears it from the session, a write of its own.
    const form = await browser.get('/notes')
    const cookie = browser.cookie
    const page = await browser.post('/notes', { action: 'add', note: `${i}`.padEnd(480, '.') }, { from: form.body })
    if (page.status === 413) refused = { page, cookie }
    else count++
  }
  if (store === 'jwe') {
    t.ok(refused, 'the JWE store refuses a note before the cookie outgrows 4096 bytes')
    t.match(refused?.page.body ?? '', /Browsers silently drop cookies over 4096 bytes/, 'saying why')
    t.deepEqual(refused?.page.setCookies, [], 'no cookie is sent')
    t.equal(browser.cookie, refused?.cookie, 'the browser keeps the previous one')
    const notes = (await browser.get('/notes')).body.match(/class="note-text"/g) ?? []
    t.equal(notes.length, count, `all ${count} earlier notes are still there`)
  }
  else {
    t.notOk(refused, 'DynamoDB keeps all twelve (a row holds 400 KB)')
  }
})

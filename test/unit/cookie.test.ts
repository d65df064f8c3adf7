// The `_idx` cookie: found in whatever shape API Gateway delivers it, refused when ambiguous,
// and written with the attributes @architect/functions gives it.
import test from 'tape'
import type { CookieSettings } from '../../src/shared/config.ts'
import { expiredSessionCookie, readSessionCookie, sessionCookie } from '../../src/shared/session/cookie.ts'
import { NOW_MS, parseSetCookie } from './_fixtures.ts'

const LAX: CookieSettings = { maxAge: 3600, sameSite: 'Lax', domain: undefined, secure: false }
const STRICT_SECURE: CookieSettings = { maxAge: 7.884e8, sameSite: 'Strict', domain: 'example.com', secure: true }

test('a request without a session cookie has none', t => {
  t.deepEqual(readSessionCookie({}), { kind: 'none' }, 'no Cookie header')
  t.deepEqual(readSessionCookie({ cookie: '' }), { kind: 'none' }, 'an empty Cookie header')
  t.deepEqual(readSessionCookie({ cookie: 'theme=dark; lang=en' }), { kind: 'none' }, 'only other cookies')
  t.deepEqual(readSessionCookie({ cookie: 'my_idx=1; _idxx=2; _IDX=3' }), { kind: 'none' }, 'names that merely resemble _idx')
  t.deepEqual(readSessionCookie({ cookie: '_idx=' }), { kind: 'none' }, 'an _idx cookie with an empty value')
  t.end()
})

test('one session cookie is read, wherever it sits among the others', t => {
  t.deepEqual(readSessionCookie({ cookie: '_idx=abc' }), { kind: 'one', value: 'abc' }, 'alone')
  t.deepEqual(readSessionCookie({ cookie: 'theme=dark; _idx=abc; lang=en' }), { kind: 'one', value: 'abc' }, 'in the middle')
  t.deepEqual(readSessionCookie({ cookie: 'theme=dark;_idx=abc' }), { kind: 'one', value: 'abc' }, 'without a space after the semicolon')
  t.deepEqual(readSessionCookie({ cookie: '_idx=a.b.c=d' }), { kind: 'one', value: 'a.b.c=d' }, 'a value containing dots and =')
  t.end()
})

test('several session cookies are ambiguous, so none is trusted', t => {
  t.deepEqual(readSessionCookie({ cookie: '_idx=mine; _idx=planted' }), { kind: 'ambiguous' }, 'two in one header')
  t.deepEqual(readSessionCookie({ cookie: '_idx=same; theme=x; _idx=same' }), { kind: 'ambiguous' }, 'even when both hold the same value')
  t.deepEqual(readSessionCookie({}, [ '_idx=a', '_idx=b' ]), { kind: 'ambiguous' }, 'two in the HTTP API cookies array')
  t.end()
})

test('HTTP API (payload 2.0) cookies arrive as an array and are read too', t => {
  t.deepEqual(readSessionCookie({}, [ 'theme=dark', '_idx=abc' ]), { kind: 'one', value: 'abc' }, 'found in the cookies array')
  t.deepEqual(readSessionCookie({}, [ 'theme=dark' ]), { kind: 'none' }, 'an array without _idx')
  t.deepEqual(readSessionCookie({}, []), { kind: 'none' }, 'an empty array')
  t.end()
})

test('the cookie value is percent-decoded and unquoted; bad encoding reads as no cookie', t => {
  t.deepEqual(readSessionCookie({ cookie: '_idx=ab%2Bc%2Fd' }), { kind: 'one', value: 'ab+c/d' }, 'a signed id, percent-encoded as written')
  t.deepEqual(readSessionCookie({ cookie: '_idx="abc"' }), { kind: 'one', value: 'abc' }, 'a quoted value')
  t.deepEqual(readSessionCookie({ cookie: '_idx=%E0%A4%A' }), { kind: 'none' }, 'a truncated percent sequence')
  t.deepEqual(readSessionCookie({ cookie: '_idx=%zz' }), { kind: 'none' }, 'a percent sign not followed by hex')
  t.deepEqual(readSessionCookie({ cookie: '_idx=%FF' }), { kind: 'none' }, 'a percent sequence that is not UTF-8')
  t.end()
})

test('the Cookie header is found whatever its case (REST APIs keep the browser\'s case)', t => {
  t.deepEqual(readSessionCookie({ Cookie: '_idx=abc' }), { kind: 'one', value: 'abc' }, 'Cookie')
  t.deepEqual(readSessionCookie({ COOKIE: '_idx=abc' }), { kind: 'one', value: 'abc' }, 'COOKIE')
  t.deepEqual(readSessionCookie({ cookie: '_idx=abc' }), { kind: 'one', value: 'abc' }, 'cookie')
  t.end()
})

test('the session cookie carries Max-Age, Expires from now, Path=/, HttpOnly and SameSite', t => {
  const header = sessionCookie('token', LAX, NOW_MS)
  const cookie = parseSetCookie(header)
  t.equal(cookie.name, '_idx', 'named _idx')
  t.equal(cookie.value, 'token', 'holds the value')
  t.equal(cookie.attributes.get('max-age'), '3600', 'Max-Age is the configured TTL')
  t.equal(cookie.attributes.get('expires'), 'Wed, 15 Jan 2025 13:00:00 GMT', 'Expires is now + TTL')
  t.equal(cookie.attributes.get('path'), '/', 'Path=/')
  t.equal(cookie.attributes.get('httponly'), true, 'HttpOnly: scripts cannot read it')
  t.equal(cookie.attributes.get('samesite'), 'Lax', 'SameSite=Lax')
  t.notOk(cookie.attributes.has('secure'), 'no Secure when secure is false (the sandbox serves plain HTTP)')
  t.notOk(cookie.attributes.has('domain'), 'no Domain unless configured')
  t.end()
})

test('the session cookie is Secure and carries Domain and SameSite as configured', t => {
  const cookie = parseSetCookie(sessionCookie('token', STRICT_SECURE, NOW_MS))
  t.equal(cookie.attributes.get('secure'), true, 'Secure')
  t.equal(cookie.attributes.get('domain'), 'example.com', 'Domain=example.com')
  t.equal(cookie.attributes.get('samesite'), 'Strict', 'SameSite=Strict')
  t.equal(cookie.attributes.get('max-age'), '788400000', 'Architect\'s 25-year default Max-Age')
  t.equal(cookie.attributes.get('expires'), new Date(NOW_MS + 7.884e11).toUTCString(), 'Expires 25 years from now')
  t.end()
})

test('a value with characters unsafe in a cookie is percent-encoded and reads back unchanged', t => {
  const value = 'id+with/slash=.sig'
  const cookie = parseSetCookie(sessionCookie(value, LAX, NOW_MS))
  t.match(cookie.value, /^[A-Za-z0-9%._-]+$/, 'only cookie-safe characters are sent')
  t.deepEqual(readSessionCookie({ cookie: `_idx=${cookie.value}` }), { kind: 'one', value }, 'the browser sends it back and it reads as written')
  t.end()
})

test('the expired cookie tells the browser to drop the session cookie it was given', t => {
  for (const settings of [ LAX, STRICT_SECURE ]) {
    const given = parseSetCookie(sessionCookie('token', settings, NOW_MS))
    const expired = parseSetCookie(expiredSessionCookie(settings))
    const label = settings.secure ? 'secure, with Domain' : 'plain'
    t.equal(expired.name, '_idx', `${label}: for _idx`)
    t.equal(expired.value, '', `${label}: with an empty value`)
    t.equal(expired.attributes.get('max-age'), '0', `${label}: Max-Age=0`)
    t.equal(expired.attributes.get('expires'), 'Thu, 01 Jan 1970 00:00:00 GMT', `${label}: Expires in 1970`)
    for (const attribute of [ 'path', 'domain', 'samesite', 'secure', 'httponly' ]) {
      t.equal(expired.attributes.get(attribute), given.attributes.get(attribute), `${label}: same ${attribute} as the cookie it replaces`)
    }
  }
  t.end()
})

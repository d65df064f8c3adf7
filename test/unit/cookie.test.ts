// The `_idx` cookie: found in the Cookie header (or the HTTP API's cookies array, joined), refused
// when ambiguous, and written with the attributes @architect/functions gives it.
import test from 'tape'
import type { CookieSettings } from '../../src/shared/config.ts'
import {
  COOKIE_BYTE_LIMIT, expiredPlantedCookies, expiredSessionCookie, readSessionCookie, sessionCookie, sessionCookieBytes,
} from '../../src/shared/session/cookie.ts'
import { NOW_MS, parseSetCookie } from './_fixtures.ts'

const LAX: CookieSettings = { maxAge: 3600, sameSite: 'Lax', domain: undefined, secure: false }
const STRICT_SECURE: CookieSettings = { maxAge: 7.884e8, sameSite: 'Strict', domain: 'example.com', secure: true }

test('a request without a session cookie has none', t => {
  t.deepEqual(readSessionCookie(''), { kind: 'none' }, 'an empty Cookie header')
  t.deepEqual(readSessionCookie('theme=dark; lang=en'), { kind: 'none' }, 'only other cookies')
  t.deepEqual(readSessionCookie('my_idx=1; _idxx=2; _IDX=3'), { kind: 'none' }, 'names that merely resemble _idx')
  t.deepEqual(readSessionCookie('_idx='), { kind: 'none' }, 'an _idx cookie with an empty value')
  t.end()
})

test('one session cookie is read, wherever it sits among the others', t => {
  t.deepEqual(readSessionCookie('_idx=abc'), { kind: 'one', value: 'abc' }, 'alone')
  t.deepEqual(readSessionCookie('theme=dark; _idx=abc; lang=en'), { kind: 'one', value: 'abc' }, 'in the middle')
  t.deepEqual(readSessionCookie('theme=dark;_idx=abc'), { kind: 'one', value: 'abc' }, 'without a space after the semicolon')
  t.deepEqual(readSessionCookie('_idx=a.b.c=d'), { kind: 'one', value: 'a.b.c=d' }, 'a value containing dots and =')
  t.end()
})

test('several session cookies are ambiguous, so none is trusted', t => {
  t.deepEqual(readSessionCookie('_idx=mine; _idx=planted'), { kind: 'several' }, 'two in one header')
  t.deepEqual(readSessionCookie('_idx=same; theme=x; _idx=same'), { kind: 'several' }, 'even when both hold the same value')
  t.deepEqual(readSessionCookie([ '_idx=a', 'theme=x', '_idx=b' ].join('; ')), { kind: 'several' },
    'two in the HTTP API cookies array, joined as the handler joins it')
  t.deepEqual(readSessionCookie('_idx=; _idx=abc'), { kind: 'several' }, 'even when one of them is empty')
  t.end()
})

test('a percent-encoded value is decoded, as @architect/functions encodes it', t => {
  t.deepEqual(readSessionCookie('_idx=ab%2Bc%2Fd'), { kind: 'one', value: 'ab+c/d' }, 'a signed id, percent-encoded by arc.http')
  t.deepEqual(readSessionCookie('_idx=ab+c/d'), { kind: 'one', value: 'ab+c/d' }, 'the same id sent raw')
  t.end()
})

test('the session cookie carries Max-Age, Expires from now, Path=/, HttpOnly and SameSite', t => {
  const cookie = parseSetCookie(sessionCookie('token', LAX, NOW_MS))
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

test('a value with characters unsafe in a cookie is sent safely and reads back unchanged', t => {
  for (const value of [ 'id+with/slash=.sig', 'semi;colon and space', 'percent%2B', 'é' ]) {
    const cookie = parseSetCookie(sessionCookie(value, LAX, NOW_MS))
    t.match(cookie.value, /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/, `${JSON.stringify(value)}: only cookie-octets are sent`)
    t.deepEqual(readSessionCookie(`theme=x; _idx=${cookie.value}`), { kind: 'one', value },
      `${JSON.stringify(value)}: the browser sends it back and it reads as written`)
  }
  t.end()
})

test('the size counted against the 4096-byte limit is the name and the value as sent', t => {
  t.equal(sessionCookieBytes('abc'), '_idx=abc'.length, 'ASCII: one byte per character')
  t.equal(sessionCookieBytes('a'.repeat(COOKIE_BYTE_LIMIT - 5)), COOKIE_BYTE_LIMIT, 'a 4091-character value is exactly at the limit')
  t.ok(sessionCookieBytes('é') > '_idx=é'.length, 'a non-ASCII value counts the bytes it takes encoded')
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

test('planted cookies are expired host-only and on every parent domain of the Host, never on the top-level domain', t => {
  const domainsOf = (host: string | undefined, settings = LAX) =>
    expiredPlantedCookies(settings, host).map(header => parseSetCookie(header).attributes.get('domain') ?? '(host-only)')
  t.deepEqual(domainsOf('app.example.com'), [ '(host-only)', 'app.example.com', 'example.com' ], 'app.example.com')
  t.deepEqual(domainsOf('App.Example.com:443'), [ '(host-only)', 'app.example.com', 'example.com' ], 'case and port ignored')
  t.deepEqual(domainsOf('a.b.example.com'), [ '(host-only)', 'a.b.example.com', 'b.example.com', 'example.com' ], 'a deeper host')
  t.deepEqual(domainsOf('localhost:3333'), [ '(host-only)' ], 'localhost: only host-only')
  t.deepEqual(domainsOf(undefined), [ '(host-only)' ], 'no Host header: only host-only')
  t.deepEqual(domainsOf('app.example.com', STRICT_SECURE), [ '(host-only)', 'app.example.com', 'example.com' ],
    'a configured Domain does not replace the host-only one')
  for (const header of expiredPlantedCookies(STRICT_SECURE, 'app.example.com')) {
    const cookie = parseSetCookie(header)
    t.ok(cookie.name === '_idx' && cookie.value === '' && cookie.attributes.get('max-age') === '0' && cookie.attributes.get('path') === '/',
      `${cookie.attributes.get('domain') ?? 'host-only'}: _idx, empty, Max-Age=0, Path=/`)
  }
  t.end()
})

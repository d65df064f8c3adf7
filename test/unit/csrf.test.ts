// CSRF defence: a token bound to one session and to the app's secret (earlier secrets still
// accepted while they are fallbacks), and a same-origin check of what the browser says about
// where a form came from.
import test from 'tape'
import { csrfToken, isValidCsrfToken, requestOrigin } from '../../src/shared/http/csrf.ts'

const APP = 'app-secret-one'
const OLD_APP = 'app-secret-before-rotation'
const SESSION = 'session-secret-one'
const HOST = 'localhost:3333'

test('the token depends on both the session\'s secret and the app\'s secret', t => {
  const token = csrfToken(SESSION, APP)
  t.equal(csrfToken(SESSION, APP), token, 'the same session and app give the same token')
  t.notEqual(csrfToken('session-secret-two', APP), token, 'another session gets another token')
  t.notEqual(csrfToken(SESSION, 'app-secret-two'), token, 'another app secret gives another token')
  t.notOk(token.includes(SESSION), 'the token does not reveal the session secret')
  t.end()
})

test('the right token is accepted; anything else is refused', t => {
  const token = csrfToken(SESSION, APP)
  t.equal(isValidCsrfToken(token, SESSION, [ APP ]), true, 'the session\'s own token')
  t.equal(isValidCsrfToken(csrfToken('session-secret-two', APP), SESSION, [ APP ]), false, 'another session\'s token')
  t.equal(isValidCsrfToken(csrfToken('', APP), SESSION, [ APP ]), false, 'the anonymous token, once a session exists')
  t.equal(isValidCsrfToken(csrfToken(SESSION, 'app-secret-two'), SESSION, [ APP ]), false, 'a token made with another app secret')
  t.equal(isValidCsrfToken(token.slice(0, -1), SESSION, [ APP ]), false, 'the token truncated by one character')
  t.equal(isValidCsrfToken(token + 'A', SESSION, [ APP ]), false, 'the token with a character added')
  t.equal(isValidCsrfToken('', SESSION, [ APP ]), false, 'an empty token')
  t.equal(isValidCsrfToken(undefined, SESSION, [ APP ]), false, 'no token at all')
  t.equal(isValidCsrfToken('é'.repeat(token.length), SESSION, [ APP ]), false, 'as many non-ASCII characters as the token has')
  t.end()
})

test('before a session exists, the anonymous token is the one accepted', t => {
  t.equal(isValidCsrfToken(csrfToken('', APP), '', [ APP ]), true, 'anonymous token, no session')
  t.equal(isValidCsrfToken(csrfToken(SESSION, APP), '', [ APP ]), false, 'a session\'s token where no session exists')
  t.end()
})

test('a token made under a fallback secret is accepted (a form left open across a rotation); one under any other is not', t => {
  const old = csrfToken(SESSION, OLD_APP)
  t.equal(isValidCsrfToken(old, SESSION, [ APP, OLD_APP ]), true, 'made under the fallback: accepted')
  t.equal(isValidCsrfToken(csrfToken(SESSION, APP), SESSION, [ APP, OLD_APP ]), true, 'made under the current secret: accepted')
  t.equal(isValidCsrfToken(old, SESSION, [ APP ]), false, 'once the fallback is dropped: refused')
  t.equal(isValidCsrfToken(csrfToken(SESSION, 'never-set'), SESSION, [ APP, OLD_APP ]), false, 'made under any other secret: refused')
  t.equal(isValidCsrfToken(csrfToken('another-session', OLD_APP), SESSION, [ APP, OLD_APP ]), false,
    'another session\'s token under the fallback: refused')
  t.end()
})

test('a request without Origin or Sec-Fetch-Site is of unknown origin', t => {
  t.equal(requestOrigin({}, false), 'unknown', 'no headers')
  t.equal(requestOrigin({ host: HOST }, true), 'unknown', 'only Host')
  t.end()
})

test('Sec-Fetch-Site: only same-origin and none (typed or bookmarked) are same-origin', t => {
  t.equal(requestOrigin({ 'sec-fetch-site': 'same-origin' }, false), 'same', 'same-origin')
  t.equal(requestOrigin({ 'sec-fetch-site': 'none' }, false), 'same', 'none')
  t.equal(requestOrigin({ 'sec-fetch-site': 'cross-site' }, false), 'cross', 'cross-site')
  t.equal(requestOrigin({ 'sec-fetch-site': 'same-site' }, false), 'cross', 'same-site (a sibling subdomain) is another origin')
  t.equal(requestOrigin({ 'Sec-Fetch-Site': 'cross-site' }, false), 'cross', 'the header is found whatever its case')
  t.end()
})

test('Origin must be this scheme and host exactly', t => {
  t.equal(requestOrigin({ host: HOST, origin: `http://${HOST}` }, false), 'same', 'http://host over plain HTTP')
  t.equal(requestOrigin({ host: HOST, origin: 'http://evil.example' }, false), 'cross', 'another host')
  t.equal(requestOrigin({ host: HOST, origin: 'http://localhost:4444' }, false), 'cross', 'another port')
  t.equal(requestOrigin({ host: HOST, origin: 'null' }, false), 'cross', 'the opaque origin "null" (sandboxed iframe, data: URL)')
  t.equal(requestOrigin({ origin: `http://${HOST}` }, false), 'cross', 'an Origin with no Host to compare with')
  t.equal(requestOrigin({ Host: HOST, Origin: `http://${HOST}` }, false), 'same', 'headers in the browser\'s case (REST API)')
  t.end()
})

test('when cookies are Secure, the expected origin is https', t => {
  t.equal(requestOrigin({ host: 'example.com', origin: 'https://example.com' }, true), 'same', 'https://host')
  t.equal(requestOrigin({ host: 'example.com', origin: 'http://example.com' }, true), 'cross', 'http://host is another origin')
  t.end()
})

test('X-Forwarded-Proto from the load balancer decides the scheme', t => {
  const https = { host: 'example.com', 'x-forwarded-proto': 'https' }
  t.equal(requestOrigin({ ...https, origin: 'https://example.com' }, false), 'same', 'https behind a proxy that terminates TLS')
  t.equal(requestOrigin({ ...https, origin: 'http://example.com' }, false), 'cross', 'http is refused when the proxy says https')
  t.equal(requestOrigin({ host: 'example.com', origin: 'http://example.com', 'x-forwarded-proto': 'http' }, true), 'same',
    'http when the proxy says http')
  t.end()
})

test('both signals must agree: a same-origin Sec-Fetch-Site does not excuse a foreign Origin', t => {
  t.equal(requestOrigin({ host: HOST, origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, false), 'cross', 'foreign Origin')
  t.equal(requestOrigin({ host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'cross-site' }, false), 'cross',
    'cross-site fetch with a matching Origin')
  t.end()
})

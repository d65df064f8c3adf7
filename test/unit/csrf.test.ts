// CSRF defence: a token bound to one session and to the app's secret, and a same-origin check
// of what the browser says about where a form came from.
import test from 'tape'
import { csrfToken, isSameOrigin, isValidCsrfToken } from '../../src/shared/http/csrf.ts'

const APP = 'app-secret-one'
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
  t.equal(isValidCsrfToken(token, SESSION, APP), true, 'the session\'s own token')
  t.equal(isValidCsrfToken(csrfToken('session-secret-two', APP), SESSION, APP), false, 'another session\'s token')
  t.equal(isValidCsrfToken(csrfToken('', APP), SESSION, APP), false, 'the anonymous token, once a session exists')
  t.equal(isValidCsrfToken(csrfToken(SESSION, 'app-secret-two'), SESSION, APP), false, 'a token made with another app secret')
  t.equal(isValidCsrfToken(token.slice(0, -1), SESSION, APP), false, 'the token truncated by one character')
  t.equal(isValidCsrfToken(token + 'A', SESSION, APP), false, 'the token with a character added')
  t.equal(isValidCsrfToken('', SESSION, APP), false, 'an empty token')
  t.equal(isValidCsrfToken(undefined, SESSION, APP), false, 'no token at all')
  t.end()
})

test('before a session exists, the anonymous token is the one accepted', t => {
  t.equal(isValidCsrfToken(csrfToken('', APP), '', APP), true, 'anonymous token, no session')
  t.equal(isValidCsrfToken(csrfToken(SESSION, APP), '', APP), false, 'a session\'s token where no session exists')
  t.end()
})

test('a request without Origin or Sec-Fetch-Site (curl, old browsers) passes the origin check', t => {
  t.equal(isSameOrigin({}, false), true, 'no headers')
  t.equal(isSameOrigin({ host: HOST }, true), true, 'only Host')
  t.end()
})

test('Sec-Fetch-Site: only same-origin and none (typed or bookmarked) pass', t => {
  t.equal(isSameOrigin({ 'sec-fetch-site': 'same-origin' }, false), true, 'same-origin')
  t.equal(isSameOrigin({ 'sec-fetch-site': 'none' }, false), true, 'none')
  t.equal(isSameOrigin({ 'sec-fetch-site': 'cross-site' }, false), false, 'cross-site')
  t.equal(isSameOrigin({ 'sec-fetch-site': 'same-site' }, false), false, 'same-site (a sibling subdomain) is another origin')
  t.equal(isSameOrigin({ 'Sec-Fetch-Site': 'cross-site' }, false), false, 'the header is found whatever its case')
  t.end()
})

test('Origin must be this scheme and host exactly', t => {
  t.equal(isSameOrigin({ host: HOST, origin: `http://${HOST}` }, false), true, 'http://host over plain HTTP')
  t.equal(isSameOrigin({ host: HOST, origin: 'http://evil.example' }, false), false, 'another host')
  t.equal(isSameOrigin({ host: HOST, origin: 'http://localhost:4444' }, false), false, 'another port')
  t.equal(isSameOrigin({ host: HOST, origin: 'null' }, false), false, 'the opaque origin "null" (sandboxed iframe, data: URL)')
  t.equal(isSameOrigin({ origin: `http://${HOST}` }, false), false, 'an Origin with no Host to compare with')
  t.equal(isSameOrigin({ Host: HOST, Origin: `http://${HOST}` }, false), true, 'headers in the browser\'s case (REST API)')
  t.end()
})

test('when cookies are Secure, the expected origin is https', t => {
  t.equal(isSameOrigin({ host: 'example.com', origin: 'https://example.com' }, true), true, 'https://host')
  t.equal(isSameOrigin({ host: 'example.com', origin: 'http://example.com' }, true), false, 'http://host is another origin')
  t.end()
})

test('X-Forwarded-Proto from the load balancer decides the scheme', t => {
  t.equal(isSameOrigin({ host: 'example.com', origin: 'https://example.com', 'x-forwarded-proto': 'https' }, false), true, 'https behind a proxy that terminates TLS')
  t.equal(isSameOrigin({ host: 'example.com', origin: 'http://example.com', 'x-forwarded-proto': 'https' }, false), false, 'http is refused when the proxy says https')
  t.equal(isSameOrigin({ host: 'example.com', origin: 'http://example.com', 'x-forwarded-proto': 'http' }, true), true, 'http when the proxy says http')
  t.end()
})

test('both signals must agree: a same-origin Sec-Fetch-Site does not excuse a foreign Origin', t => {
  t.equal(isSameOrigin({ host: HOST, origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, false), false, 'foreign Origin')
  t.equal(isSameOrigin({ host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'cross-site' }, false), false, 'cross-site fetch with a matching Origin')
  t.end()
})

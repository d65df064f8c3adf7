// JWE session tokens: they must read exactly like @architect/functions' own, and anything that
// is not a live token sealed with our key and algorithm must read as no session.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto'
import test from 'tape'
import arc from '@architect/functions'
import type { HttpRequest } from '@architect/functions/types/http'
import type { JweAlgorithm } from '../../src/shared/config.ts'
import { JWE_LIFETIME_SECONDS, PUBLIC_FALLBACK_KEYS, jweKey, openJwe, sealJwe } from '../../src/shared/session/jwe.ts'
import { APP_SECRET, NOW_S, parseSetCookie, withEnv } from './_fixtures.ts'

const KEY = jweKey(APP_SECRET, 'A256GCM')
const ALGORITHMS: JweAlgorithm[] = [ 'A256GCM', 'A192GCM', 'A128GCM' ]
const CIPHERS = { A256GCM: 'aes-256-gcm', A192GCM: 'aes-192-gcm', A128GCM: 'aes-128-gcm' } as const
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')
const nowSeconds = () => Math.floor(Date.now() / 1000)

/** A correctly encrypted token under any header: proves a refusal comes from the header, not the crypto. */
function sealWithHeader (header: object, plaintext: string, key: Buffer = KEY, algorithm: JweAlgorithm = 'A256GCM'): string {
  const headerPart = b64url(JSON.stringify(header))
  const iv = randomBytes(12)
  const cipher = createCipheriv(CIPHERS[algorithm], key, iv, { authTagLength: 16 })
  cipher.setAAD(Buffer.from(headerPart, 'ascii'))
  const ciphertext = Buffer.concat([ cipher.update(plaintext, 'utf8'), cipher.final() ])
  return [ headerPart, '', b64url(iv), b64url(ciphertext), b64url(cipher.getAuthTag()) ].join('.')
}

/** The token with one bit of one part (2 = IV, 3 = ciphertext, 4 = tag) flipped. */
function flipBit (token: string, part: number): string {
  const parts = token.split('.')
  const bytes = Buffer.from(parts[part] ?? '', 'base64url')
  bytes[0] = (bytes[0] ?? 0) ^ 0x01
  parts[part] = bytes.toString('base64url')
  return parts.join('.')
}

/** The `_idx` token from a Set-Cookie header written by arc.http.session.write. */
function tokenFrom (setCookie: string): string {
  return decodeURIComponent(parseSetCookie(setCookie).value)
}

const libraryEnv = (algorithm: JweAlgorithm) => ({
  ARC_SESSION_TABLE_NAME: 'jwe',
  SESSION_TABLE_NAME: undefined,
  ARC_APP_SECRET: APP_SECRET,
  ARC_APP_SECRET_ALGO: algorithm,
  ARC_FORCE_LEGACY_JWE_SECRET: undefined,
  ARC_ENV: 'testing',
})

test('a sealed session opens again with the same key, with the time it was written', t => {
  const token = sealJwe({ count: 3, _secret: 's3cret' }, KEY, 'A256GCM', NOW_S)
  const parts = token.split('.')
  t.equal(parts.length, 5, 'a JWE compact token has five parts')
  t.equal(parts[1], '', 'with `dir`, the encrypted-key part is empty')
  t.deepEqual(JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString()), { alg: 'dir', enc: 'A256GCM' }, 'the header is {alg: dir, enc: A256GCM}')
  t.notOk(token.includes(b64url('s3cret')), 'the session is not readable in the token')

  const opened = openJwe(token, KEY, 'A256GCM', NOW_S)
  t.deepEqual(opened?.payload, { count: 3, _secret: 's3cret', iat: NOW_S }, 'the payload comes back with iat = the sealing time')
  t.equal(opened?.issuedAt, NOW_S, 'issuedAt is the sealing time')
  t.deepEqual(opened?.header, { alg: 'dir', enc: 'A256GCM' }, 'the header is reported')
  t.end()
})

test('a token sealed here reads in an arc.http handler (@architect/functions), with every algorithm', async t => {
  const before = process.env.ARC_APP_SECRET_ALGO
  for (const algorithm of ALGORITHMS) {
    const token = sealJwe({ count: 5, _secret: 'abc' }, jweKey(APP_SECRET, algorithm), algorithm, nowSeconds())
    const session = await withEnv(libraryEnv(algorithm), () =>
      arc.http.session.read({ headers: { cookie: '_idx=' + token } } as unknown as HttpRequest))
    t.equal(session.count, 5, `${algorithm}: Architect reads count 5`)
    t.equal(session._secret, 'abc', `${algorithm}: Architect reads the session's secret`)
  }
  t.equal(process.env.ARC_APP_SECRET_ALGO, before, 'process.env is restored afterwards')
})

test('a cookie written by arc.http.session.write opens here, with every algorithm', async t => {
  for (const algorithm of ALGORITHMS) {
    const setCookie = await withEnv(libraryEnv(algorithm), () => arc.http.session.write({ count: 7 }))
    const opened = openJwe(tokenFrom(setCookie), jweKey(APP_SECRET, algorithm), algorithm, nowSeconds())
    t.equal(opened?.payload.count, 7, `${algorithm}: the library's token opens with count 7`)
    t.equal(typeof opened?.issuedAt, 'number', `${algorithm}: the library's iat is read`)
  }
})

test('a token sealed with another key reads as no session', t => {
  const token = sealJwe({ count: 1 }, jweKey('y'.repeat(40), 'A256GCM'), 'A256GCM', NOW_S)
  t.equal(openJwe(token, KEY, 'A256GCM', NOW_S), undefined, 'another secret cannot be used to read or forge')
  t.end()
})

test('a token whose header says A128GCM is refused when A256GCM is configured', async t => {
  const setCookie = await withEnv(libraryEnv('A128GCM'), () => arc.http.session.write({ count: 2 }))
  const token = tokenFrom(setCookie)
  t.ok(openJwe(token, jweKey(APP_SECRET, 'A128GCM'), 'A128GCM', nowSeconds()), 'control: it opens where A128GCM is configured')
  t.equal(openJwe(token, KEY, 'A256GCM', nowSeconds()), undefined, 'refused under A256GCM')
  const forged = sealWithHeader({ alg: 'dir', enc: 'A128GCM' }, JSON.stringify({ count: 2, iat: NOW_S }), jweKey(APP_SECRET, 'A128GCM'), 'A128GCM')
  t.equal(openJwe(forged, KEY, 'A256GCM', NOW_S), undefined, 'a downgraded token made with the secret\'s first 16 characters is refused too')
})

test('only the exact header {alg: dir, enc: <configured>} is accepted', t => {
  const plaintext = JSON.stringify({ count: 1, _secret: 's', iat: NOW_S })
  t.ok(openJwe(sealWithHeader({ alg: 'dir', enc: 'A256GCM' }, plaintext), KEY, 'A256GCM', NOW_S), 'control: the canonical header opens')
  t.equal(openJwe(sealWithHeader({ alg: 'none', enc: 'A256GCM' }, plaintext), KEY, 'A256GCM', NOW_S), undefined, 'alg: none is refused')
  t.equal(openJwe(sealWithHeader({ alg: 'A256KW', enc: 'A256GCM' }, plaintext), KEY, 'A256GCM', NOW_S), undefined, 'another key-management alg is refused')
  t.equal(openJwe(sealWithHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' }, plaintext), KEY, 'A256GCM', NOW_S), undefined, 'an extra kid field is refused')
  t.equal(openJwe(sealWithHeader({ alg: 'dir', enc: 'A256GCM', zip: 'DEF' }, plaintext), KEY, 'A256GCM', NOW_S), undefined, 'an extra zip field is refused')
  t.equal(openJwe(sealWithHeader({ alg: 'dir' }, plaintext), KEY, 'A256GCM', NOW_S), undefined, 'a header without enc is refused')
  const unsecured = [ b64url(JSON.stringify({ alg: 'none' })), b64url(plaintext), '' ].join('.')
  t.equal(openJwe(unsecured, KEY, 'A256GCM', NOW_S), undefined, 'an unsecured JWT (alg: none, no signature) is refused')
  t.end()
})

test('a signed JWT (JWS, HS256) is not accepted as a session, even when signed with the secret', t => {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const payload = b64url(JSON.stringify({ count: 99, _secret: 's', iat: NOW_S }))
  const signature = createHmac('sha256', KEY).update(`${header}.${payload}`).digest('base64url')
  t.equal(openJwe(`${header}.${payload}.${signature}`, KEY, 'A256GCM', NOW_S), undefined, 'a JWS is refused')
  t.end()
})

test('a token without a numeric iat, or whose contents are not an object, is refused', t => {
  const header = { alg: 'dir', enc: 'A256GCM' }
  t.equal(openJwe(sealWithHeader(header, JSON.stringify({ count: 1 })), KEY, 'A256GCM', NOW_S), undefined, 'no iat')
  t.equal(openJwe(sealWithHeader(header, JSON.stringify({ count: 1, iat: String(NOW_S) })), KEY, 'A256GCM', NOW_S), undefined, 'iat as a string')
  t.equal(openJwe(sealWithHeader(header, JSON.stringify([ NOW_S ])), KEY, 'A256GCM', NOW_S), undefined, 'an array')
  t.equal(openJwe(sealWithHeader(header, 'not json'), KEY, 'A256GCM', NOW_S), undefined, 'not JSON')
  t.end()
})

test('a truncated token reads as no session, wherever it is cut', t => {
  const token = sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S)
  const opened: number[] = []
  for (let length = 0; length < token.length; length++) {
    if (openJwe(token.slice(0, length), KEY, 'A256GCM', NOW_S) !== undefined) opened.push(length)
  }
  t.deepEqual(opened, [], 'no prefix of the token opens')
  t.equal(openJwe(token.split('.').slice(0, 4).join('.'), KEY, 'A256GCM', NOW_S), undefined, 'without its tag part')
  t.end()
})

test('one flipped bit in the IV, the ciphertext or the tag makes the token unreadable', t => {
  const token = sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S)
  t.ok(openJwe(token, KEY, 'A256GCM', NOW_S), 'control: the untouched token opens')
  t.equal(openJwe(flipBit(token, 2), KEY, 'A256GCM', NOW_S), undefined, 'a bit flipped in the IV')
  t.equal(openJwe(flipBit(token, 3), KEY, 'A256GCM', NOW_S), undefined, 'a bit flipped in the ciphertext')
  t.equal(openJwe(flipBit(token, 4), KEY, 'A256GCM', NOW_S), undefined, 'a bit flipped in the tag')
  t.end()
})

test('characters outside base64url in any part make the token unreadable', t => {
  const token = sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S)
  const accepted: string[] = []
  for (const part of [ 0, 2, 3, 4 ]) {
    for (const junk of [ '=', '==', '+', '/', '!', ' ', '\n', 'é' ]) {
      const parts = token.split('.')
      parts[part] += junk
      if (openJwe(parts.join('.'), KEY, 'A256GCM', NOW_S) !== undefined) accepted.push(`part ${part} + ${JSON.stringify(junk)}`)
    }
  }
  t.deepEqual(accepted, [], 'no mangled token opens (Node\'s lenient base64 decoder would ignore most of these)')
  t.end()
})

test('empty and garbage cookies read as no session without throwing', t => {
  t.equal(openJwe('', KEY, 'A256GCM', NOW_S), undefined, 'the empty string')
  t.equal(openJwe('....', KEY, 'A256GCM', NOW_S), undefined, 'five empty parts')
  t.equal(openJwe(randomBytes(6144).toString('base64'), KEY, 'A256GCM', NOW_S), undefined, '8 KB of base64 noise')
  const fiveParts = Array.from({ length: 5 }, () => randomBytes(1228).toString('base64url')).join('.')
  t.ok(fiveParts.length >= 8192, 'the five-part garbage is 8 KB long')
  t.equal(openJwe(fiveParts, KEY, 'A256GCM', NOW_S), undefined, '8 KB of noise in five parts')
  t.equal(openJwe('\u00ff'.repeat(8192), KEY, 'A256GCM', NOW_S), undefined, '8 KB of non-ASCII characters')
  t.end()
})

test('a token dies 7 days after it was written, as Architect\'s do', t => {
  const token = sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S)
  t.equal(JWE_LIFETIME_SECONDS, 604800, 'the lifetime is one week')
  t.ok(openJwe(token, KEY, 'A256GCM', NOW_S + 604799), 'still readable one second before the week is up')
  t.equal(openJwe(token, KEY, 'A256GCM', NOW_S + 604800), undefined, 'unreadable once the week is up')
  t.end()
})

test('a token written more than 60 seconds in the future is refused', t => {
  t.ok(openJwe(sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S + 60), KEY, 'A256GCM', NOW_S), '60 s of clock skew is tolerated')
  t.equal(openJwe(sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S + 61), KEY, 'A256GCM', NOW_S), undefined, '61 s ahead is refused')
  t.end()
})

test('a token forged with Architect\'s public fallback key is refused once a real secret is set', t => {
  const fallback = jweKey(undefined, 'A256GCM')
  t.equal(fallback.toString('utf8'), PUBLIC_FALLBACK_KEYS.A256GCM, 'without a secret, the key is the public one')
  const forged = sealJwe({ count: 1000, _secret: 'mine' }, fallback, 'A256GCM', NOW_S)
  t.ok(openJwe(forged, fallback, 'A256GCM', NOW_S), 'control: the forged token opens where no secret is set')
  t.equal(openJwe(forged, KEY, 'A256GCM', NOW_S), undefined, 'refused where ARC_APP_SECRET is set')
  t.end()
})

test('the key is the first 32, 24 or 16 characters of the secret, as Architect derives it', t => {
  const secret = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF'
  for (const [ algorithm, length ] of [ [ 'A256GCM', 32 ], [ 'A192GCM', 24 ], [ 'A128GCM', 16 ] ] as const) {
    t.equal(jweKey(secret, algorithm).toString('utf8'), secret.slice(0, length), `${algorithm} uses the first ${length} characters`)
    t.equal(jweKey(secret, algorithm).length, length, `${algorithm}'s key is ${length} bytes`)
  }
  const token = sealJwe({ count: 1 }, jweKey(secret, 'A256GCM'), 'A256GCM', NOW_S)
  t.ok(openJwe(token, jweKey(secret.slice(0, 32) + 'something else', 'A256GCM'), 'A256GCM', NOW_S), 'characters after the 32nd do not matter')
  t.equal(openJwe(token, jweKey('_' + secret.slice(1), 'A256GCM'), 'A256GCM', NOW_S), undefined, 'the first character does')
  t.end()
})

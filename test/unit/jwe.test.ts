// JWE session tokens: they must read exactly like @architect/functions' own, and anything that
// is not a live token sealed with our key (or a fallback's) and algorithm must read as no session.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto'
import test from 'tape'
import arc from '@architect/functions'
import type { HttpRequest } from '@architect/functions/types/http'
import type { JweAlgorithm } from '../../src/shared/config.ts'
import { JWE_LIFETIME_SECONDS, jweKey, openJwe, sealJwe } from '../../src/shared/session/jwe.ts'
import { PUBLIC_FALLBACK_KEYS } from '../helpers/public-keys.ts'
import { APP_SECRET, NOW_S, parseSetCookie, withEnv } from './_fixtures.ts'

const ALGORITHMS: JweAlgorithm[] = [ 'A256GCM', 'A192GCM', 'A128GCM' ]
const CIPHERS = { A256GCM: 'aes-256-gcm', A192GCM: 'aes-192-gcm', A128GCM: 'aes-128-gcm' } as const
const b64url = (value: string | Uint8Array) => Buffer.from(value).toString('base64url')
const nowSeconds = () => Math.floor(Date.now() / 1000)

/** The key of a secret long enough for `algorithm` (jweKey gives none for a short one). */
function keyOf (secret: string, algorithm: JweAlgorithm = 'A256GCM'): Uint8Array {
  const key = jweKey(secret, algorithm)
  if (!key) throw new Error(`no ${algorithm} key for this secret`)
  return key
}

const KEY = keyOf(APP_SECRET)
const OLD_SECRET = 'o'.repeat(40)

/** Opens under the test key and A256GCM at NOW_S unless told otherwise. */
function open (token: string, keys: (Uint8Array | undefined)[] = [ KEY ], algorithm: JweAlgorithm = 'A256GCM', now = NOW_S) {
  return openJwe(token, keys, algorithm, now)
}

/** A correctly encrypted token under any header: proves a refusal comes from the header, not the crypto. */
function sealWithHeader (header: object, plaintext: string, key: Uint8Array = KEY, algorithm: JweAlgorithm = 'A256GCM'): string {
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

/** What arc.http reads; `secret: null` leaves ARC_APP_SECRET unset. */
const libraryEnv = (algorithm: JweAlgorithm, secret: string | null = APP_SECRET) => ({
  ARC_SESSION_TABLE_NAME: 'jwe',
  SESSION_TABLE_NAME: undefined,
  ARC_APP_SECRET: secret ?? undefined,
  ARC_APP_SECRET_ALGO: algorithm,
  ARC_FORCE_LEGACY_JWE_SECRET: undefined,
  ARC_ENV: 'testing',
})

test('a sealed session opens again with the same key, with the time it was written', async t => {
  const token = await sealJwe({ count: 3, _secret: 's3cret' }, KEY, 'A256GCM', NOW_S)
  const parts = token.split('.')
  t.equal(parts.length, 5, 'a JWE compact token has five parts')
  t.equal(parts[1], '', 'with `dir`, the encrypted-key part is empty')
  t.deepEqual(JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString()), { alg: 'dir', enc: 'A256GCM' },
    'the header is exactly {alg: dir, enc: A256GCM}')
  t.notOk(token.includes(b64url('s3cret')), 'the session is not readable in the token')

  const opened = await open(token)
  t.deepEqual(opened?.payload, { count: 3, _secret: 's3cret', iat: NOW_S }, 'the payload comes back with iat = the sealing time')
  t.equal(opened?.issuedAt, NOW_S, 'issuedAt is the sealing time')
  t.deepEqual(opened?.header, { alg: 'dir', enc: 'A256GCM' }, 'the header is reported')
  t.equal(opened?.keyIndex, 0, 'opened by the current key')
})

test('a token sealed here reads in an arc.http handler (@architect/functions), with every algorithm', async t => {
  const before = process.env.ARC_APP_SECRET_ALGO
  for (const algorithm of ALGORITHMS) {
    const token = await sealJwe({ count: 5, _secret: 'abc' }, keyOf(APP_SECRET, algorithm), algorithm, nowSeconds())
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
    const opened = await open(tokenFrom(setCookie), [ keyOf(APP_SECRET, algorithm) ], algorithm, nowSeconds())
    t.equal(opened?.payload.count, 7, `${algorithm}: the library's token opens with count 7`)
    t.equal(typeof opened?.issuedAt, 'number', `${algorithm}: the library's iat is read`)
  }
})

test('a token sealed with another key reads as no session', async t => {
  const token = await sealJwe({ count: 1 }, keyOf('y'.repeat(40)), 'A256GCM', NOW_S)
  t.equal(await open(token), undefined, 'another secret cannot be used to read or forge')
  t.equal(await open(token, [ undefined, KEY ]), undefined, 'nor with the right key absent among several')
})

test('a token sealed under a fallback secret opens, and says which key opened it', async t => {
  const token = await sealJwe({ count: 2 }, keyOf(OLD_SECRET), 'A256GCM', NOW_S)
  const opened = await open(token, [ KEY, keyOf(OLD_SECRET) ])
  t.equal(opened?.payload.count, 2, 'the contents come back')
  t.equal(opened?.keyIndex, 1, 'keyIndex 1: the first fallback')
  t.equal((await open(token, [ KEY, keyOf('z'.repeat(40)), keyOf(OLD_SECRET) ]))?.keyIndex, 2, 'keyIndex 2: the second fallback')
  t.equal((await open(token, [ undefined, keyOf(OLD_SECRET) ]))?.keyIndex, 1, 'a missing current key is skipped, not a match')
  t.equal(await open(token, [ KEY ]), undefined, 'once the fallback is dropped, it reads as no session')
  t.equal(await open(token, [ KEY, keyOf('z'.repeat(40)) ]), undefined, 'a fallback that did not seal it does not open it')
})

test('a token whose header says A128GCM is refused when A256GCM is configured', async t => {
  const setCookie = await withEnv(libraryEnv('A128GCM'), () => arc.http.session.write({ count: 2 }))
  const token = tokenFrom(setCookie)
  t.ok(await open(token, [ keyOf(APP_SECRET, 'A128GCM') ], 'A128GCM', nowSeconds()), 'control: it opens where A128GCM is configured')
  t.equal(await open(token, [ KEY ], 'A256GCM', nowSeconds()), undefined, 'refused under A256GCM')
  const short = keyOf(APP_SECRET, 'A128GCM')
  const forged = sealWithHeader({ alg: 'dir', enc: 'A128GCM' }, JSON.stringify({ count: 2, iat: NOW_S }), short, 'A128GCM')
  t.equal(await open(forged), undefined, 'a downgraded token made with the secret\'s first 16 characters is refused too')
  t.equal(await open(forged, [ KEY, short ]), undefined, 'even if a 16-byte key were among the keys tried')
})

test('only the exact header {alg: dir, enc: <configured>} is accepted', async t => {
  const plaintext = JSON.stringify({ count: 1, _secret: 's', iat: NOW_S })
  const withHeader = (header: object) => open(sealWithHeader(header, plaintext))
  t.ok(await withHeader({ alg: 'dir', enc: 'A256GCM' }), 'control: the canonical header opens')
  t.equal(await withHeader({ alg: 'none', enc: 'A256GCM' }), undefined, 'alg: none is refused')
  t.equal(await withHeader({ alg: 'A256KW', enc: 'A256GCM' }), undefined, 'another key-management alg is refused')
  t.equal(await withHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' }), undefined, 'an extra kid field is refused')
  t.equal(await withHeader({ alg: 'dir', enc: 'A256GCM', zip: 'DEF' }), undefined, 'an extra zip field is refused')
  t.equal(await withHeader({ alg: 'dir', enc: 'A256GCM', typ: 'JWT' }), undefined, 'an extra typ field is refused')
  t.equal(await withHeader({ alg: 'dir' }), undefined, 'a header without enc is refused')
  const unsecured = [ b64url(JSON.stringify({ alg: 'none' })), b64url(plaintext), '' ].join('.')
  t.equal(await open(unsecured), undefined, 'an unsecured JWT (alg: none, no signature) is refused')
})

test('a signed JWT (JWS, HS256) is not accepted as a session, even when signed with the secret', async t => {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const payload = b64url(JSON.stringify({ count: 99, _secret: 's', iat: NOW_S }))
  const signature = createHmac('sha256', KEY).update(`${header}.${payload}`).digest('base64url')
  t.equal(await open(`${header}.${payload}.${signature}`), undefined, 'a JWS is refused')
})

test('a token without a numeric iat, or whose contents are not an object, is refused', async t => {
  const header = { alg: 'dir', enc: 'A256GCM' }
  t.equal(await open(sealWithHeader(header, JSON.stringify({ count: 1 }))), undefined, 'no iat')
  t.equal(await open(sealWithHeader(header, JSON.stringify({ count: 1, iat: String(NOW_S) }))), undefined, 'iat as a string')
  t.equal(await open(sealWithHeader(header, JSON.stringify([ NOW_S ]))), undefined, 'an array')
  t.equal(await open(sealWithHeader(header, 'not json')), undefined, 'not JSON')
})

test('a truncated token reads as no session, wherever it is cut', async t => {
  const token = await sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S)
  const opened: number[] = []
  for (let length = 0; length < token.length; length++) {
    if (await open(token.slice(0, length)) !== undefined) opened.push(length)
  }
  t.deepEqual(opened, [], 'no prefix of the token opens')
  t.equal(await open(token.split('.').slice(0, 4).join('.')), undefined, 'without its tag part')
})

test('one flipped bit in the header, the IV, the ciphertext or the tag makes the token unreadable', async t => {
  const token = await sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S)
  t.ok(await open(token), 'control: the untouched token opens')
  const [ header = '', ...rest ] = token.split('.')
  const otherHeader = b64url(JSON.stringify({ enc: 'A256GCM', alg: 'dir' }))
  t.equal(await open([ otherHeader, ...rest ].join('.')), undefined, 'the same header fields reordered (the header is authenticated)')
  t.notEqual(otherHeader, header, 'control: the reordered header differs from the original')
  t.equal(await open(flipBit(token, 2)), undefined, 'a bit flipped in the IV')
  t.equal(await open(flipBit(token, 3)), undefined, 'a bit flipped in the ciphertext')
  t.equal(await open(flipBit(token, 4)), undefined, 'a bit flipped in the tag')
})

test('characters outside base64url in any part make the token unreadable', async t => {
  const token = await sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S)
  const accepted: string[] = []
  for (const part of [ 0, 2, 3, 4 ]) {
    for (const junk of [ '=', '==', '+', '/', '!', ' ', '\n', 'é' ]) {
      const parts = token.split('.')
      parts[part] += junk
      if (await open(parts.join('.')) !== undefined) accepted.push(`part ${part} + ${JSON.stringify(junk)}`)
    }
  }
  t.deepEqual(accepted, [], 'no mangled token opens (Node\'s lenient base64 decoder would ignore most of these)')
})

test('empty and garbage cookies read as no session without throwing', async t => {
  t.equal(await open(''), undefined, 'the empty string')
  t.equal(await open('....'), undefined, 'five empty parts')
  t.equal(await open(randomBytes(6144).toString('base64')), undefined, '8 KB of base64 noise')
  const fiveParts = Array.from({ length: 5 }, () => randomBytes(1228).toString('base64url')).join('.')
  t.ok(fiveParts.length >= 8192, 'the five-part garbage is 8 KB long')
  t.equal(await open(fiveParts), undefined, '8 KB of noise in five parts')
  t.equal(await open('\u00ff'.repeat(8192)), undefined, '8 KB of non-ASCII characters')
})

test('a token dies 7 days after it was written, as Architect\'s do', async t => {
  const token = await sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S)
  t.equal(JWE_LIFETIME_SECONDS, 604800, 'the lifetime is one week')
  t.ok(await open(token, [ KEY ], 'A256GCM', NOW_S + 604799), 'still readable one second before the week is up')
  t.equal(await open(token, [ KEY ], 'A256GCM', NOW_S + 604800), undefined, 'unreadable once the week is up')
  t.equal(await open(token, [ KEY ], 'A256GCM', NOW_S + 604830), undefined, 'unreadable 30 seconds later (skew is no extra life)')
})

test('a token written more than 60 seconds in the future is refused', async t => {
  t.ok(await open(await sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S + 60)), '60 s of clock skew is tolerated')
  t.equal(await open(await sealJwe({ count: 1 }, KEY, 'A256GCM', NOW_S + 61)), undefined, '61 s ahead is refused')
})

test('Architect\'s public fallback key is never used: no key without a secret, and its tokens are refused', async t => {
  t.equal(jweKey(undefined, 'A256GCM'), undefined, 'no secret: no key at all, not the public one')
  t.equal(jweKey('', 'A256GCM'), undefined, 'an empty secret: no key')
  t.equal(jweKey('x'.repeat(31), 'A256GCM'), undefined, 'a secret one character short: no key')
  const publicKey = Buffer.from(PUBLIC_FALLBACK_KEYS.A256GCM)
  const forged = await sealJwe({ count: 1000, _secret: 'mine' }, publicKey, 'A256GCM', NOW_S)
  t.ok(await open(forged, [ publicKey ]), 'control: the forged token opens with the public key')
  t.equal(await open(forged), undefined, 'refused where ARC_APP_SECRET is set')
  t.equal(await open(forged, [ jweKey(undefined, 'A256GCM') ]), undefined, 'refused where no secret is set')
  const libraryToken = tokenFrom(await withEnv(libraryEnv('A256GCM', null), () => arc.http.session.write({ count: 1000 })))
  t.ok(await open(libraryToken, [ publicKey ], 'A256GCM', nowSeconds()), 'control: arc.http without a secret seals with the public key')
  t.equal(await open(libraryToken, [ KEY ], 'A256GCM', nowSeconds()), undefined,
    'a token arc.http sealed with the public key (no ARC_APP_SECRET) is refused')
})

test('the key is the first 32, 24 or 16 characters of the secret, as Architect derives it', async t => {
  const secret = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF'
  for (const [ algorithm, length ] of [ [ 'A256GCM', 32 ], [ 'A192GCM', 24 ], [ 'A128GCM', 16 ] ] as const) {
    const key = Buffer.from(keyOf(secret, algorithm)).toString('utf8')
    t.equal(key, secret.slice(0, length), `${algorithm} uses the first ${length} characters`)
    t.equal(keyOf(secret, algorithm).length, length, `${algorithm}'s key is ${length} bytes`)
  }
  const token = await sealJwe({ count: 1 }, keyOf(secret), 'A256GCM', NOW_S)
  t.ok(await open(token, [ keyOf(secret.slice(0, 32) + 'something else') ]), 'characters after the 32nd do not matter')
  t.equal(await open(token, [ keyOf('_' + secret.slice(1)) ]), undefined, 'the first character does')
})

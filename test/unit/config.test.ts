// Session settings come from the environment variables @architect/functions reads; a value
// the app cannot understand is a ConfigError that names the variable.
import test from 'tape'
import type { Test } from 'tape'
import arc from '@architect/functions'
import { ConfigError, sessionConfigFor, sessionStoreFor } from '../../src/shared/config.ts'
import type { Env } from '../../src/shared/config.ts'
import { APP_SECRET, withEnv } from './_fixtures.ts'

/** The error sessionConfigFor throws for this environment, or undefined. */
function errorFor (env: Env): unknown {
  try {
    sessionConfigFor(env)
    return undefined
  }
  catch (error) {
    return error
  }
}

/** Asserts that `env` is refused with a ConfigError whose message matches `pattern`. */
function assertConfigError (t: Test, env: Env, pattern: RegExp, label: string): void {
  const error = errorFor(env)
  t.ok(error instanceof ConfigError, `${label}: a ConfigError`)
  t.match(error instanceof Error ? error.message : '', pattern, `${label}: the message says what is wrong`)
}

test('the session store: JWE unless a table is named', t => {
  t.deepEqual(sessionStoreFor({}), { kind: 'jwe' }, 'unset means jwe, as sandbox and arc deploy default it')
  t.deepEqual(sessionStoreFor({ ARC_SESSION_TABLE_NAME: '' }), { kind: 'jwe' }, 'empty means jwe')
  t.deepEqual(sessionStoreFor({ ARC_SESSION_TABLE_NAME: 'jwe' }), { kind: 'jwe' }, 'jwe')
  t.deepEqual(sessionStoreFor({ ARC_SESSION_TABLE_NAME: 'sessions' }), { kind: 'dynamodb', table: 'sessions' }, 'a table name means DynamoDB')
  t.deepEqual(sessionStoreFor({ SESSION_TABLE_NAME: 'sessions' }), { kind: 'dynamodb', table: 'sessions' }, 'the older SESSION_TABLE_NAME is read too')
  t.deepEqual(sessionStoreFor({ SESSION_TABLE_NAME: 'jwe' }), { kind: 'jwe' }, 'SESSION_TABLE_NAME=jwe')
  t.deepEqual(sessionStoreFor({ ARC_SESSION_TABLE_NAME: 'sessions', SESSION_TABLE_NAME: 'other' }), { kind: 'dynamodb', table: 'sessions' }, 'ARC_SESSION_TABLE_NAME wins')
  t.end()
})

test('the session store agrees with Architect when either variable says jwe', async t => {
  const env = { ARC_SESSION_TABLE_NAME: 'sessions', SESSION_TABLE_NAME: 'jwe', ARC_APP_SECRET: APP_SECRET, ARC_ENV: 'testing' }
  // The real library, under the same variables: it writes a JWE cookie (and never touches a table).
  const written = await withEnv({ ...env, ARC_APP_SECRET_ALGO: undefined }, () => arc.http.session.write({ count: 1 }))
  t.match(written, /^_idx=eyJhbGciOiJkaXIi/, 'control: Architect writes a JWE token (header {"alg":"dir"...)')
  t.deepEqual(sessionStoreFor(env), { kind: 'jwe' }, 'so the app must use JWE too')
})

test('cookies are Secure everywhere but the sandbox (ARC_ENV=testing)', t => {
  t.equal(sessionConfigFor({ ARC_ENV: 'testing' }).cookie.secure, false, 'testing: plain HTTP, no Secure')
  t.equal(sessionConfigFor({}).cookie.secure, false, 'ARC_ENV unset is the sandbox')
  t.equal(sessionConfigFor({ ARC_ENV: 'staging' }).cookie.secure, true, 'staging: Secure')
  t.equal(sessionConfigFor({ ARC_ENV: 'production' }).cookie.secure, true, 'production: Secure')
  t.end()
})

test('SameSite is lax, strict or none, in any case; anything else is a configuration error', t => {
  t.equal(sessionConfigFor({}).cookie.sameSite, 'Lax', 'unset: Lax, Architect\'s default')
  t.equal(sessionConfigFor({ ARC_SESSION_SAME_SITE: 'lax' }).cookie.sameSite, 'Lax', 'lax')
  t.equal(sessionConfigFor({ ARC_SESSION_SAME_SITE: 'STRICT' }).cookie.sameSite, 'Strict', 'STRICT')
  t.equal(sessionConfigFor({ ARC_SESSION_SAME_SITE: 'None' }).cookie.sameSite, 'None', 'None')
  assertConfigError(t, { ARC_SESSION_SAME_SITE: 'sideways' }, /ARC_SESSION_SAME_SITE.*"sideways"/, 'sideways')
  assertConfigError(t, { ARC_SESSION_SAME_SITE: 'lax; Domain=evil.example' }, /ARC_SESSION_SAME_SITE/, 'an attribute smuggled into SameSite')
  t.end()
})

test('the session TTL is a positive number of seconds', t => {
  t.equal(sessionConfigFor({}).cookie.maxAge, 7.884e8, 'unset: Architect\'s 25 years')
  t.equal(sessionConfigFor({ ARC_SESSION_TTL: '3600' }).cookie.maxAge, 3600, 'ARC_SESSION_TTL=3600')
  t.equal(sessionConfigFor({ SESSION_TTL: '60' }).cookie.maxAge, 60, 'the older SESSION_TTL is read too')
  assertConfigError(t, { ARC_SESSION_TTL: 'a week' }, /ARC_SESSION_TTL.*"a week"/, 'junk')
  assertConfigError(t, { ARC_SESSION_TTL: '0' }, /ARC_SESSION_TTL/, 'zero')
  assertConfigError(t, { ARC_SESSION_TTL: '-60' }, /ARC_SESSION_TTL/, 'negative')
  assertConfigError(t, { ARC_SESSION_TTL: 'Infinity' }, /ARC_SESSION_TTL/, 'Infinity')
  t.end()
})

test('the JWE algorithm is one Architect knows', t => {
  t.equal(sessionConfigFor({}).algorithm, 'A256GCM', 'unset: A256GCM')
  t.equal(sessionConfigFor({ ARC_APP_SECRET_ALGO: 'A128GCM' }).algorithm, 'A128GCM', 'A128GCM')
  assertConfigError(t, { ARC_APP_SECRET_ALGO: 'A512GCM' }, /ARC_APP_SECRET_ALGO.*"A512GCM"/, 'A512GCM')
  assertConfigError(t, { ARC_APP_SECRET_ALGO: 'toString' }, /ARC_APP_SECRET_ALGO/, 'an Object.prototype name')
  t.end()
})

test('the stage is testing, staging or production', t => {
  t.equal(sessionConfigFor({ ARC_ENV: 'production' }).stage, 'production', 'production')
  assertConfigError(t, { ARC_ENV: 'prod' }, /ARC_ENV.*"prod"/, 'prod')
  t.end()
})

test('the DynamoDB cookie signing secret falls back as Architect\'s does', t => {
  const dynamodb = { ARC_SESSION_TABLE_NAME: 'sessions' }
  t.equal(sessionConfigFor({ ...dynamodb, ARC_APP_SECRET: 'secret', ARC_APP_NAME: 'app' }).signingSecret, 'secret', 'ARC_APP_SECRET first (any length keys an HMAC)')
  t.equal(sessionConfigFor({ ...dynamodb, ARC_APP_NAME: 'app' }).signingSecret, 'app', 'else ARC_APP_NAME')
  t.equal(sessionConfigFor(dynamodb).signingSecret, 'fallback', 'else "fallback"')
  t.equal(sessionConfigFor({ ...dynamodb, ARC_APP_SECRET: '', ARC_APP_NAME: 'app' }).signingSecret, 'app', 'an empty ARC_APP_SECRET counts as unset')
  t.equal(sessionConfigFor({ ARC_APP_SECRET: '' }).secret, undefined, 'and leaves no JWE secret')
  t.end()
})

test('the cookie Domain comes from ARC_SESSION_DOMAIN or SESSION_DOMAIN', t => {
  t.equal(sessionConfigFor({}).cookie.domain, undefined, 'unset: no Domain')
  t.equal(sessionConfigFor({ ARC_SESSION_DOMAIN: 'example.com' }).cookie.domain, 'example.com', 'ARC_SESSION_DOMAIN')
  t.equal(sessionConfigFor({ SESSION_DOMAIN: 'example.org' }).cookie.domain, 'example.org', 'SESSION_DOMAIN')
  t.end()
})

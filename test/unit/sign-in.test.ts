// Being signed in, checked on every request: the session names an account that still exists, it
// has been idle less than the idle timeout, it is younger than the absolute timeout, and it began
// after the account's last "log out everywhere". An ended sign-in leaves only a message.
import test from 'tape'
import type { UsersTable } from '../../src/shared/accounts/account-tables.ts'
import { LAST_SEEN_GRANULARITY_MS, checkSignIn, signedInSession, signedOutSession, timeoutsFor } from '../../src/shared/accounts/sign-in.ts'
import { ConfigError } from '../../src/shared/config.ts'
import type { SessionData } from '../../src/shared/session/types.ts'
import { NOW_MS, memoryAccounts } from './_fixtures.ts'
import type { MemoryAccounts } from './_fixtures.ts'

const EMAIL = 'ada@example.com'
const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const TIMEOUTS = timeoutsFor({})

/** Ada's account (created long ago, never logged out everywhere) in memory tables. */
function adaAccount (sessionsValidSince = 0): MemoryAccounts {
  return memoryAccounts([ { email: EMAIL, passwordHash: 'scrypt$unused', createdAt: NOW_MS - 100 * HOUR, sessionsValidSince } ])
}

/** The users opener checkSignIn takes, counting how often it was opened. */
function usersOf (accounts: MemoryAccounts): (() => Promise<UsersTable>) & { opened: number } {
  const open = Object.assign(async () => {
    open.opened++
    return accounts.tables.users
  }, { opened: 0 })
  return open
}

/** Ada's session as it stands after signing in at `signedInAt` and last being seen at `lastSeenAt`. */
function adaSession (signedInAt: number, lastSeenAt: number = signedInAt, extra: SessionData = {}): SessionData {
  return { count: 2, userEmail: EMAIL, signedInAt, lastSeenAt, device: 'Firefox on Linux', ...extra }
}

test('the timeouts default to 30 minutes idle and 12 hours in all', t => {
  t.deepEqual(timeoutsFor({}), { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR }, 'unset: 30 minutes and 12 hours')
  t.deepEqual(timeoutsFor({ SESSION_IDLE_TIMEOUT_MINUTES: '', SESSION_ABSOLUTE_TIMEOUT_HOURS: '' }), { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR }, 'empty: the defaults')
  t.end()
})

test('the timeouts can be set by environment variables', t => {
  t.deepEqual(timeoutsFor({ SESSION_IDLE_TIMEOUT_MINUTES: '5', SESSION_ABSOLUTE_TIMEOUT_HOURS: '1' }), { idleMs: 5 * MINUTE, absoluteMs: 1 * HOUR }, '5 minutes and 1 hour')
  t.deepEqual(timeoutsFor({ SESSION_IDLE_TIMEOUT_MINUTES: '0.5' }), { idleMs: 30 * 1000, absoluteMs: 12 * HOUR }, 'half a minute idle, default absolute')
  t.end()
})

test('a timeout that is not a positive number is a configuration error naming the variable', t => {
  for (const [ name, value ] of [
    [ 'SESSION_IDLE_TIMEOUT_MINUTES', 'thirty' ],
    [ 'SESSION_IDLE_TIMEOUT_MINUTES', '0' ],
    [ 'SESSION_IDLE_TIMEOUT_MINUTES', '-5' ],
    [ 'SESSION_ABSOLUTE_TIMEOUT_HOURS', 'Infinity' ],
    [ 'SESSION_ABSOLUTE_TIMEOUT_HOURS', '12h' ],
  ] as const) {
    let error: unknown
    try {
      timeoutsFor({ [name]: value })
    }
    catch (caught) {
      error = caught
    }
    t.ok(error instanceof ConfigError, `${name}="${value}": a ConfigError`)
    t.ok(error instanceof Error && error.message.includes(name), `${name}="${value}": the message names the variable`)
  }
  t.end()
})

test('a session that names no account is anonymous, and no table is opened', async t => {
  const accounts = adaAccount()
  const users = usersOf(accounts)
  t.deepEqual(await checkSignIn({}, NOW_MS, TIMEOUTS, users), { state: 'anonymous' }, 'an empty session: anonymous')
  t.deepEqual(await checkSignIn({ count: 3, flash: 'signed-out' }, NOW_MS, TIMEOUTS, users), { state: 'anonymous' }, 'a counter session: anonymous')
  t.equal(users.opened, 0, 'the users table was not opened')
  t.deepEqual(accounts.calls, [], 'no table call')
})

test('a session that just signed in is signed in, with its idle and absolute deadlines', async t => {
  const accounts = adaAccount()
  const session = adaSession(NOW_MS)
  const result = await checkSignIn(session, NOW_MS + 1000, TIMEOUTS, usersOf(accounts))
  t.deepEqual(result, {
    state: 'signed-in',
    user: {
      email: EMAIL, signedInAt: NOW_MS, lastSeenAt: NOW_MS, idleDeadline: NOW_MS + 30 * MINUTE, absoluteDeadline: NOW_MS + 12 * HOUR,
    },
    session,
  }, 'signed in; idle deadline 30 minutes after last seen, absolute 12 hours after sign-in; the session unchanged')
  t.deepEqual(accounts.calls, [ { op: 'users.get', email: EMAIL } ], 'the account was read, to check it still exists and was not logged out everywhere')
})

test('a session idle for 30 minutes has ended: only the "session expired" message is left', async t => {
  const session = adaSession(NOW_MS, NOW_MS)
  const justBefore = await checkSignIn(session, NOW_MS + 30 * MINUTE - 1, TIMEOUTS, usersOf(adaAccount()))
  t.equal(justBefore.state, 'signed-in', '1 ms before 30 idle minutes: still signed in')
  const result = await checkSignIn(session, NOW_MS + 30 * MINUTE, TIMEOUTS, usersOf(adaAccount()))
  t.deepEqual(result, { state: 'ended', reason: 'idle', session: { flash: 'session-expired' } }, 'at 30 idle minutes: ended, reason idle, the session is only the message')
})

test('the idle timeout follows SESSION_IDLE_TIMEOUT_MINUTES', async t => {
  const timeouts = timeoutsFor({ SESSION_IDLE_TIMEOUT_MINUTES: '5' })
  const result = await checkSignIn(adaSession(NOW_MS), NOW_MS + 5 * MINUTE, timeouts, usersOf(adaAccount()))
  t.equal(result.state === 'ended' && result.reason, 'idle', 'idle after 5 minutes')
})

test('a session 12 hours old has ended, however active it has been', async t => {
  const active = adaSession(NOW_MS, NOW_MS + 12 * HOUR - MINUTE)
  const before = await checkSignIn(active, NOW_MS + 12 * HOUR - 1, TIMEOUTS, usersOf(adaAccount()))
  t.equal(before.state, 'signed-in', '1 ms before 12 hours: signed in')
  const result = await checkSignIn(active, NOW_MS + 12 * HOUR, TIMEOUTS, usersOf(adaAccount()))
  t.deepEqual(result, { state: 'ended', reason: 'absolute', session: { flash: 'session-expired' } }, 'at 12 hours: ended, reason absolute, though last seen a minute ago')
})

test('a session that signed in before "log out everywhere" has ended, saying so', async t => {
  const result = await checkSignIn(adaSession(NOW_MS), NOW_MS + MINUTE, TIMEOUTS, usersOf(adaAccount(NOW_MS + 1)))
  t.deepEqual(result, { state: 'ended', reason: 'revoked', session: { flash: 'logged-out-everywhere' } }, 'ended, reason revoked, with the logged-out-everywhere message')
  const after = await checkSignIn(adaSession(NOW_MS + 1), NOW_MS + MINUTE, TIMEOUTS, usersOf(adaAccount(NOW_MS + 1)))
  t.equal(after.state, 'signed-in', 'a session that signed in at that very moment or later stays signed in')
})

test('a session whose account no longer exists has ended', async t => {
  const result = await checkSignIn(adaSession(NOW_MS), NOW_MS + MINUTE, TIMEOUTS, usersOf(memoryAccounts()))
  t.deepEqual(result, { state: 'ended', reason: 'revoked', session: { flash: 'logged-out-everywhere' } }, 'ended, reason revoked')
})

test('a session that names an account but lacks its sign-in times has ended', async t => {
  const result = await checkSignIn({ userEmail: EMAIL, count: 1 }, NOW_MS, TIMEOUTS, usersOf(adaAccount()))
  t.equal(result.state === 'ended' && result.reason, 'revoked', 'no signedInAt or lastSeenAt: ended, not signed in forever')
  const session = { ...adaSession(NOW_MS), signedInAt: String(NOW_MS) as unknown as number }
  const stringly = await checkSignIn(session, NOW_MS, TIMEOUTS, usersOf(adaAccount()))
  t.equal(stringly.state, 'ended', 'a signedInAt that is not a number: ended')
})

test('last seen is refreshed only once it is a minute old, to spare session writes', async t => {
  t.equal(LAST_SEEN_GRANULARITY_MS, MINUTE, 'the granularity is one minute')
  const session = adaSession(NOW_MS)
  const soon = await checkSignIn(session, NOW_MS + MINUTE - 1, TIMEOUTS, usersOf(adaAccount()))
  t.equal(soon.state === 'signed-in' && soon.user.lastSeenAt, NOW_MS, 'under a minute later: lastSeenAt unchanged')
  t.deepEqual(soon.state === 'signed-in' && soon.session, session, 'under a minute later: the session is unchanged, so nothing is written')
  const later = await checkSignIn(session, NOW_MS + MINUTE, TIMEOUTS, usersOf(adaAccount()))
  t.equal(later.state === 'signed-in' && later.session.lastSeenAt, NOW_MS + MINUTE, 'a minute later: lastSeenAt moves to now')
  t.equal(later.state === 'signed-in' && later.user.idleDeadline, NOW_MS + MINUTE + 30 * MINUTE, 'and the idle deadline moves with it')
  t.deepEqual(later.state === 'signed-in' && later.session, { ...session, lastSeenAt: NOW_MS + MINUTE }, 'nothing else in the session changes')
})

test('signing in starts a new session that carries over the counter and nothing else', t => {
  const before: SessionData = { count: 7, flash: 'signed-out', device: 'Old phone', userEmail: 'someone@else.example', signedInAt: 1, lastSeenAt: 2 }
  t.deepEqual(signedInSession(before, EMAIL, NOW_MS, 'Chrome on Linux', 'signed-in'), {
    count: 7, userEmail: EMAIL, signedInAt: NOW_MS, lastSeenAt: NOW_MS, device: 'Chrome on Linux', flash: 'signed-in',
  }, 'the count carried; email, times, device and message new; the old flash, device and account gone')
  t.deepEqual(signedInSession({ count: 0 }, EMAIL, NOW_MS, 'curl', 'registered'), {
    count: 0, userEmail: EMAIL, signedInAt: NOW_MS, lastSeenAt: NOW_MS, device: 'curl', flash: 'registered',
  }, 'a count of 0 is carried too')
  t.notOk('count' in signedInSession({}, EMAIL, NOW_MS, 'curl', 'signed-in'), 'no count before: no count after')
  t.end()
})

test('signing out leaves a session holding only the message', t => {
  t.deepEqual(signedOutSession('signed-out'), { flash: 'signed-out' }, 'signed out')
  t.deepEqual(signedOutSession('logged-out-everywhere'), { flash: 'logged-out-everywhere' }, 'logged out everywhere')
  t.end()
})

// A signed-in user's sessions in the DynamoDB store: each is named on the page by an opaque
// handle (never its id, which is the session itself), and only live ones are listed.
import test from 'tape'
import { timeoutsFor } from '../../src/shared/accounts/sign-in.ts'
import { liveSessionsOf, sessionHandle } from '../../src/shared/accounts/user-sessions.ts'
import { APP_SECRET, NOW_MS, NOW_S, recordingTable, signedInRow } from './_fixtures.ts'

const EMAIL = 'ada@example.com'
const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const ID = 'k3Jd9vQx0bLr2mZt8WyA1cEf'

/** The context liveSessionsOf takes, at NOW_MS with the default timeouts. */
function context (overrides: { validSince?: number, currentId?: string } = {}) {
  return { now: NOW_MS, timeouts: timeoutsFor({}), validSince: 0, currentId: undefined, appSecret: APP_SECRET, ...overrides }
}

test('a session handle is 22 URL-safe characters, the same every time for the same session', t => {
  const handle = sessionHandle(ID, APP_SECRET)
  t.match(handle, /^[A-Za-z0-9_-]{22}$/, '22 characters of base64url')
  t.equal(sessionHandle(ID, APP_SECRET), handle, 'stable: the same id and secret give the same handle')
  t.end()
})

test('a session handle differs per session and per app secret, and does not reveal the id', t => {
  const handle = sessionHandle(ID, APP_SECRET)
  t.notEqual(sessionHandle('another-session-id-000000', APP_SECRET), handle, 'another id: another handle')
  t.notEqual(sessionHandle(ID, 'y'.repeat(40)), handle, 'another app secret: another handle')
  t.notOk(handle.includes(ID), 'the id is not in the handle')
  t.notOk(handle.includes(ID.slice(0, 8)), 'not even its first 8 characters')
  t.end()
})

test('only the user\'s live sessions are listed: expired rows, idle, too old, logged out everywhere and other users\' are not', async t => {
  const validSince = NOW_MS - 5 * HOUR
  const table = recordingTable([
    signedInRow('live', EMAIL),
    signedInRow('row-expired', EMAIL, { _ttl: NOW_S }),
    signedInRow('idle', EMAIL, { lastSeenAt: NOW_MS - 30 * MINUTE }),
    signedInRow('too-old', EMAIL, { signedInAt: NOW_MS - 12 * HOUR, lastSeenAt: NOW_MS - MINUTE }),
    signedInRow('before-logout-everywhere', EMAIL, { signedInAt: validSince - 1 }),
    signedInRow('at-logout-everywhere', EMAIL, { signedInAt: validSince }),
    signedInRow('no-times', EMAIL, { signedInAt: undefined, lastSeenAt: undefined }),
    signedInRow('someone-else', 'grace@example.com'),
  ])
  const listed = await liveSessionsOf(EMAIL, await table.open('sessions'), context({ validSince }))
  t.deepEqual(listed.map(s => s.row._idx).sort(), [ 'at-logout-everywhere', 'live' ], 'only the live row and the one that signed in exactly at "log out everywhere"')
  t.deepEqual(table.calls.filter(call => call.op === 'byUser'), [ { op: 'byUser', id: EMAIL } ], 'found through the byUser index, for this user')
  t.ok(listed.every(s => s.handle === sessionHandle(s.row._idx, APP_SECRET)), 'each carries its handle')
})

test('the current session is marked, and the list is most recently seen first', async t => {
  const table = recordingTable([
    signedInRow('seen-5-min-ago', EMAIL, { lastSeenAt: NOW_MS - 5 * MINUTE }),
    signedInRow('seen-now', EMAIL, { lastSeenAt: NOW_MS }),
    signedInRow('seen-20-min-ago', EMAIL, { lastSeenAt: NOW_MS - 20 * MINUTE }),
    signedInRow('seen-1-min-ago', EMAIL, { lastSeenAt: NOW_MS - MINUTE }),
  ])
  const listed = await liveSessionsOf(EMAIL, await table.open('sessions'), context({ currentId: 'seen-5-min-ago' }))
  t.deepEqual(listed.map(s => s.row._idx), [ 'seen-now', 'seen-1-min-ago', 'seen-5-min-ago', 'seen-20-min-ago' ], 'sorted by last seen, newest first')
  t.deepEqual(listed.map(s => s.current), [ false, false, true, false ], 'only the current one is marked current')
  const none = await liveSessionsOf(EMAIL, await table.open('sessions'), context())
  t.ok(none.every(s => !s.current), 'without a current id (JWE, or no row yet), none is current')
})

test('a user with no sessions gets an empty list', async t => {
  const table = recordingTable([ signedInRow('someone-else', 'grace@example.com') ])
  t.deepEqual(await liveSessionsOf(EMAIL, await table.open('sessions'), context()), [], 'empty')
})

// Switching ARC_SESSION_TABLE_NAME signs nobody out: a live session of the other store moves into
// the configured one at its next request, in one write. A JWE cookie moving to DynamoDB becomes a
// row whose id derives from the session's secret, so a copy of the old cookie finds that row (or,
// once the session ended, its tombstone) instead of moving again. A row moving to JWE becomes a
// cookie and the row is deleted, unless the session is too large for a cookie: then it stays a row.
import test from 'tape'
import { jweKey, openJwe } from '../../src/shared/session/jwe.ts'
import { loadSession, saveSession } from '../../src/shared/session/sessions.ts'
import { unsignSessionId } from '../../src/shared/session/signed-id.ts'
import type { SessionData } from '../../src/shared/session/types.ts'
import {
  APP_SECRET, NOW_S, WEEK_S, cookieHeaderFrom, createSession, fakeClock, loadFrom, onlyCookie, parseSetCookie, recordingTable,
  sessionDeps, valueOf,
} from './_fixtures.ts'
import type { FakeClock, RecordingTable, StoreName } from './_fixtures.ts'

const OLD_SECRET = 'o'.repeat(40)
/** Notes that make a session too large for a 4096-byte cookie, far below DynamoDB's 400 KB. */
const LARGE: SessionData = { notes: [ 'x'.repeat(5000) ] }

function isJweCookie (setCookie: string): boolean {
  return valueOf(setCookie).split('.').length === 5
}

/** What DynamoDB would bill: every call but opening the table. */
function tableWork (table: RecordingTable) {
  return table.calls.filter(call => call.op !== 'open')
}

/** One deployment, one table, one clock; `deps(store)` is its configuration under either store. */
function deployment (extra: Record<string, string> = {}, clock: FakeClock = fakeClock()) {
  const table = recordingTable()
  return { table, clock, deps: (store: StoreName) => sessionDeps(store, table, clock, extra) }
}

for (const [ from, to ] of [ [ 'jwe', 'dynamodb' ], [ 'dynamodb', 'jwe' ] ] as const) {
  test(`${from} → ${to}: a request without a cookie reads and writes nothing`, async t => {
    const { table, deps } = deployment()
    await createSession(deps(from), { count: 1 })
    table.calls.length = 0
    const loaded = await loadSession('theme=dark', deps(to))
    t.deepEqual((await saveSession(loaded, undefined, deps(to))).cookies, [], 'no cookie')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${from} → ${to}: the session keeps its contents and its CSRF secret`, async t => {
    const { deps } = deployment()
    const before = await loadFrom(await createSession(deps(from), { count: 3, notes: [ 'kept' ] }), deps(from))
    const loaded = await loadFrom(await createSession(deps(from), { count: 3, notes: [ 'kept' ] }), deps(to))
    t.deepEqual([ loaded.exists, loaded.from ], [ true, from ], `it reads, from the ${from} store`)
    t.deepEqual(loaded.data, before.data, 'with its contents')
    const moved = await loadFrom(onlyCookie(await saveSession(loaded, undefined, deps(to))), deps(to))
    t.deepEqual([ moved.exists, moved.from ], [ true, to ], `after one request it is in the ${to} store`)
    t.deepEqual(moved.data, { count: 3, notes: [ 'kept' ] }, 'with the same contents')
    t.equal(moved.secret, loaded.secret, 'and the same secret: the page\'s form still posts')
    t.equal(moved.adopted, false, 'not adopted')
  })

  test(`${from} → ${to}: several _idx cookies still read as no session`, async t => {
    const { table, deps } = deployment()
    const a = cookieHeaderFrom(await createSession(deps(from), { count: 1 })).cookie
    const b = cookieHeaderFrom(await createSession(deps(to), { count: 2 })).cookie
    table.calls.length = 0
    t.equal((await loadSession(`${a}; ${b}`, deps(to))).exists, false, 'no session')
    t.deepEqual(table.calls, [], 'no table call')
  })
}

test('jwe → dynamodb: the move writes exactly one row and replaces the cookie with its signed id', async t => {
  const { table, deps } = deployment()
  const jweCookie = await createSession(deps('jwe'), { count: 3 })
  const loaded = await loadFrom(jweCookie, deps('dynamodb'))
  const signed = onlyCookie(await saveSession(loaded, undefined, deps('dynamodb')))
  t.equal(table.puts().length, 1, 'one put')
  const row = table.puts()[0]
  t.deepEqual({ count: row?.count, _secret: row?._secret, _moved: row?._moved, _ttl: row?._ttl },
    { count: 3, _secret: loaded.secret, _moved: NOW_S, _ttl: NOW_S + WEEK_S }, 'the row holds the data, the secret, when it moved')
  t.notOk(isJweCookie(signed), 'the new cookie is no longer a token')
  t.equal(unsignSessionId(valueOf(signed), [ APP_SECRET ])?.id, row?._idx, 'but the row\'s id, signed')

  const next = await loadFrom(signed, deps('dynamodb'))
  t.deepEqual((await saveSession(next, undefined, deps('dynamodb'))).cookies, [], 'the next request writes nothing')
  t.equal(table.puts().length, 1, 'still one put in all')
})

test('jwe → dynamodb: a copy of the old cookie (a parallel request, another tab) finds the moved row and writes none', async t => {
  const { table, deps } = deployment()
  const jweCookie = await createSession(deps('jwe'), { count: 3 })
  const first = await loadFrom(jweCookie, deps('dynamodb'))
  const signed = onlyCookie(await saveSession(first, undefined, deps('dynamodb')))
  const copy = await loadFrom(jweCookie, deps('dynamodb'))
  t.deepEqual([ copy.exists, copy.from, copy.id ], [ true, 'dynamodb', first.id ?? table.puts()[0]?._idx ], 'the copy reads the moved row')
  const reissued = onlyCookie(await saveSession(copy, undefined, deps('dynamodb')))
  t.equal(valueOf(reissued), valueOf(signed), 'and is answered with the same signed id')
  t.equal(table.puts().length, 1, 'no second row')
  t.equal(table.rows.size, 1, 'one row in the table')
})

test('jwe → dynamodb: a copy of the old cookie after the moved session was destroyed reads as no session', async t => {
  const { table, deps } = deployment()
  const jweCookie = await createSession(deps('jwe'), { count: 3 })
  const signed = onlyCookie(await saveSession(await loadFrom(jweCookie, deps('dynamodb')), undefined, deps('dynamodb')))
  t.equal(parseSetCookie(onlyCookie(await saveSession(await loadFrom(signed, deps('dynamodb')), null, deps('dynamodb'))))
    .attributes.get('max-age'), '0', 'destroyed: the cookie is expired')
  t.equal((await loadFrom(signed, deps('dynamodb'))).exists, false, 'the signed id no longer reads')
  const copy = await loadFrom(jweCookie, deps('dynamodb'))
  t.equal(copy.exists, false, 'a copy of the old JWE cookie reads as no session')
  t.deepEqual(copy.data, {}, 'with no data')
  const puts = table.puts().length
  t.deepEqual((await saveSession(copy, undefined, deps('dynamodb'))).cookies, [], 'and moves nowhere')
  t.equal(table.puts().length, puts, 'no row written for it')
  const left = [ ...table.rows.values() ]
  t.ok(left.length === 1 && left.every(row => row._ended === true && row.count === undefined),
    'what is left is a tombstone, without the data')
})

test('jwe → dynamodb: destroying a session before it moved leaves a tombstone, so a copy cannot move it', async t => {
  const { deps } = deployment()
  const jweCookie = await createSession(deps('jwe'), { count: 3 })
  await saveSession(await loadFrom(jweCookie, deps('dynamodb')), null, deps('dynamodb'))
  t.equal((await loadFrom(jweCookie, deps('dynamodb'))).exists, false, 'a copy of the JWE cookie reads as no session')
})

test('jwe → dynamodb: a tombstone outlives every copy of the cookie it stands for', async t => {
  const { table, clock, deps } = deployment()
  const jweCookie = await createSession(deps('jwe'), { count: 3 })
  clock.advance(WEEK_S / 2)
  const signed = onlyCookie(await saveSession(await loadFrom(jweCookie, deps('dynamodb')), undefined, deps('dynamodb')))
  await saveSession(await loadFrom(signed, deps('dynamodb')), null, deps('dynamodb'))
  const tombstone = [ ...table.rows.values() ][0]
  t.ok((tombstone?._ttl ?? 0) >= NOW_S + WEEK_S, 'the tombstone lives at least until the token dies')
  clock.advance(WEEK_S / 2 - 1)
  t.equal((await loadFrom(jweCookie, deps('dynamodb'))).exists, false, 'a second before the token dies, the copy still reads as none')
})

test('jwe → dynamodb: rotating (sign-in) a session that moved leaves its old cookies worthless', async t => {
  const { deps } = deployment()
  const jweCookie = await createSession(deps('jwe'), { count: 3 })
  const signed = onlyCookie(await saveSession(await loadFrom(jweCookie, deps('dynamodb')), undefined, deps('dynamodb')))
  const rotated = onlyCookie(await saveSession(await loadFrom(signed, deps('dynamodb')), { count: 3 }, deps('dynamodb'), { rotate: true }))
  t.equal((await loadFrom(rotated, deps('dynamodb'))).exists, true, 'the new session reads')
  t.equal((await loadFrom(signed, deps('dynamodb'))).exists, false, 'the old signed id does not')
  t.equal((await loadFrom(jweCookie, deps('dynamodb'))).exists, false, 'nor a copy of the old JWE cookie')
})

test('jwe → dynamodb: a session whose moved row expired reads as no session', async t => {
  const { clock, deps } = deployment({ ARC_SESSION_TTL: '3600' })
  const jweCookie = await createSession(deps('jwe'), { count: 3 })
  await saveSession(await loadFrom(jweCookie, deps('dynamodb')), undefined, deps('dynamodb'))
  clock.advance(3600)
  t.equal((await loadFrom(jweCookie, deps('dynamodb'))).exists, false, 'a copy of the JWE cookie, still a live token, reads as none')
})

test('dynamodb → jwe: the row is sealed into a cookie and deleted', async t => {
  const { table, deps } = deployment()
  const signed = await createSession(deps('dynamodb'), { count: 3 })
  const loaded = await loadFrom(signed, deps('jwe'))
  table.calls.length = 0
  const token = onlyCookie(await saveSession(loaded, undefined, deps('jwe')))
  t.ok(isJweCookie(token), 'the new cookie is a JWE token')
  const opened = await openJwe(valueOf(token), [ jweKey(APP_SECRET, 'A256GCM') ], 'A256GCM', NOW_S)
  t.deepEqual(opened?.payload, { count: 3, _secret: loaded.secret, iat: NOW_S }, 'holding the data and the secret, nothing else')
  t.deepEqual(tableWork(table), [ { op: 'delete', id: loaded.id } ], 'one delete, of the row, and no put')
  t.equal(table.rows.size, 0, 'no row left')
  t.equal((await loadFrom(signed, deps('jwe'))).exists, false, 'a copy of the old signed id reads as no session')
  const next = await loadFrom(token, deps('jwe'))
  table.calls.length = 0
  t.deepEqual((await saveSession(next, undefined, deps('jwe'))).cookies, [], 'the next request writes nothing')
  t.deepEqual(table.calls, [], 'and touches no table')
})

test('dynamodb → jwe: a row past its _ttl is not moved', async t => {
  const { table, clock, deps } = deployment()
  const signed = await createSession(deps('dynamodb'), { count: 3 })
  clock.advance(WEEK_S)
  const loaded = await loadFrom(signed, deps('jwe'))
  t.equal(loaded.exists, false, 'no session')
  t.deepEqual((await saveSession(loaded, undefined, deps('jwe'))).cookies, [], 'no cookie')
  t.equal(table.puts().length, 1, 'no write beyond the one that created it')
})

test('dynamodb → jwe: a session too large for a cookie stays a row, written there when it changes', async t => {
  const { table, deps } = deployment()
  const signed = await createSession(deps('dynamodb'), LARGE)
  const loaded = await loadFrom(signed, deps('jwe'))
  table.calls.length = 0
  t.deepEqual((await saveSession(loaded, undefined, deps('jwe'))).cookies, [], 'unchanged: no cookie')
  t.deepEqual(tableWork(table), [], 'and no table write: the row stays')
  t.deepEqual((await loadFrom(signed, deps('jwe'))).data, LARGE, 'the session still reads, whole')

  const changed = onlyCookie(await saveSession(loaded, { ...LARGE, count: 1 }, deps('jwe')))
  t.notOk(isJweCookie(changed), 'changed: the cookie is still a signed id')
  t.deepEqual(tableWork(table).filter(call => call.op !== 'get').map(call => call.op), [ 'put' ], 'one write, a put')
  t.equal(table.puts()[0]?._idx, loaded.id, 'of the same row')
  const after = await loadFrom(changed, deps('jwe'))
  t.deepEqual(after.data, { ...LARGE, count: 1 }, 'the change reads back')

  const small = onlyCookie(await saveSession(after, { count: 1 }, deps('jwe')))
  t.ok(isJweCookie(small), 'once it fits in a cookie, it moves into one')
  t.equal(table.rows.size, 0, 'and the row is deleted')
})

test('both ways with a fallback: a cookie made under the old secret moves, issued under the current one', async t => {
  for (const [ from, to ] of [ [ 'jwe', 'dynamodb' ], [ 'dynamodb', 'jwe' ] ] as const) {
    const table = recordingTable()
    const clock = fakeClock()
    const old = await createSession(sessionDeps(from, table, clock, { ARC_APP_SECRET: OLD_SECRET }), { count: 9 })
    const rotated = sessionDeps(to, table, clock, { SESSION_SECRET_FALLBACKS: OLD_SECRET })
    const loaded = await loadFrom(old, rotated)
    t.deepEqual([ loaded.exists, loaded.from, loaded.keyIndex ], [ true, from, 1 ], `${from} → ${to}: read under the fallback`)
    const moved = onlyCookie(await saveSession(loaded, undefined, rotated))
    const next = await loadFrom(moved, sessionDeps(to, table, clock))
    t.deepEqual([ next.exists, next.from, next.keyIndex ], [ true, to, 0 ], `${from} → ${to}: moved, and reads without the fallback`)
    t.deepEqual(next.data, { count: 9 }, `${from} → ${to}: with its data`)
    t.equal(table.rows.size, to === 'dynamodb' ? 1 : 0, `${from} → ${to}: ${to === 'dynamodb' ? 'one row' : 'no row'} left`)
  }
})

test('jwe → dynamodb → jwe → dynamodb: a session that only moved (never ended) is still alive after the second switch', async t => {
  const { deps } = deployment()
  const first = await createSession(deps('jwe'), { count: 3 })
  const row = onlyCookie(await saveSession(await loadFrom(first, deps('dynamodb')), undefined, deps('dynamodb')))
  const back = onlyCookie(await saveSession(await loadFrom(row, deps('jwe')), undefined, deps('jwe')))
  t.ok(isJweCookie(back), 'back in a JWE cookie')
  const again = await loadFrom(back, deps('dynamodb'))
  t.deepEqual([ again.exists, again.data ], [ true, { count: 3 } ], 'switched to DynamoDB again, the session still reads, with its data')
})

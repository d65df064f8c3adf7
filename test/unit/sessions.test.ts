// loadSession / saveSession under both stores, with a recording in-memory table in place of
// DynamoDB (the real table is exercised by the sandbox suites). The promise under test: nothing
// is read without a validly signed cookie, nothing is written unless the session changed (or
// must be issued again: a fallback secret, a session arc.http made). Store switching has its own
// file, session-migration.test.ts.
import test from 'tape'
import signature from 'cookie-signature'
import arc from '@architect/functions'
import type { HttpRequest } from '@architect/functions/types/http'
import { COOKIE_BYTE_LIMIT } from '../../src/shared/session/cookie.ts'
import { jweKey, openJwe } from '../../src/shared/session/jwe.ts'
import { ROW_BYTE_LIMIT, SessionTooLargeError, loadSession, saveSession } from '../../src/shared/session/sessions.ts'
import type { SessionDeps } from '../../src/shared/session/sessions.ts'
import { signSessionId, unsignSessionId } from '../../src/shared/session/signed-id.ts'
import type { SessionData, StoredSession } from '../../src/shared/session/types.ts'
import {
  APP_SECRET, NOW_S, WEEK_S, cookieHeaderFrom, createSession, fakeClock, loadFrom, onlyCookie, parseSetCookie, recordingTable,
  sessionDeps, valueOf, withEnv,
} from './_fixtures.ts'
import type { FakeClock, RecordingTable, StoreName } from './_fixtures.ts'

const STORES: StoreName[] = [ 'jwe', 'dynamodb' ]
const INTERNAL = [ '_idx', '_secret', '_ttl', 'iat', '_moved', '_ended' ]
/** The ARC_APP_SECRET before a rotation; after it, SESSION_SECRET_FALLBACKS holds it. */
const OLD_SECRET = 'o'.repeat(40)
/** A secret this app was never configured with. */
const FOREIGN_SECRET = 'f'.repeat(40)

/** The deps of the same deployment after ARC_APP_SECRET was rotated from OLD_SECRET (kept as a fallback, unless `dropped`). */
function rotatedDeps (store: StoreName, table: RecordingTable, clock: FakeClock = fakeClock(), dropped = false): SessionDeps {
  return sessionDeps(store, table, clock, dropped ? {} : { SESSION_SECRET_FALLBACKS: OLD_SECRET })
}

/** The deps of the same deployment before the rotation, when ARC_APP_SECRET was `secret`. */
function depsUnder (secret: string, store: StoreName, table: RecordingTable, clock: FakeClock = fakeClock()): SessionDeps {
  return sessionDeps(store, table, clock, { ARC_APP_SECRET: secret })
}

/** The calls other than opening the table: what DynamoDB would bill. */
function tableWork (table: RecordingTable) {
  return table.calls.filter(call => call.op !== 'open')
}

for (const store of STORES) {
  test(`${store}: a request without a cookie has an empty session and touches no table`, async t => {
    const table = recordingTable()
    const loaded = await loadSession('theme=dark', sessionDeps(store, table))
    t.deepEqual(loaded.data, {}, 'no data')
    t.equal(loaded.exists, false, 'no session exists')
    t.equal(loaded.cookie, 'none', 'no _idx cookie was sent')
    t.equal(loaded.secret, '', 'no secret yet')
    t.deepEqual(table.calls, [], 'the table was not even opened')
  })

  test(`${store}: several _idx cookies read as no session, and touch no table`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const a = cookieHeaderFrom(await createSession(deps, { count: 1 })).cookie
    const b = cookieHeaderFrom(await createSession(deps, { count: 2 })).cookie
    table.calls.length = 0
    const loaded = await loadSession(`${a}; ${b}`, deps)
    t.equal(loaded.exists, false, 'no session, though both cookies are valid')
    t.deepEqual(loaded.data, {}, 'no data')
    t.equal(loaded.cookie, 'several', 'several cookies were sent')
    t.deepEqual(table.calls, [], 'no table call')
    t.deepEqual((await saveSession(loaded, undefined, deps)).cookies, [], 'and the route not touching the session writes nothing')
  })

  test(`${store}: garbage in the cookie reads as no session, and touches no table`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    for (const value of [ 'garbage', '%zz', '%E0%A4%A', 'a.b', 'a.b.c.d.e', '....', 'x'.repeat(8192) ]) {
      const loaded = await loadSession(`_idx=${value}`, deps)
      t.equal(loaded.exists, false, `${value.slice(0, 20)}: no session`)
    }
    t.deepEqual(table.calls, [], 'no table call for any of them')
  })

  test(`${store}: saving undefined (the route did not touch the session) writes nothing`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const result = await saveSession(await loadSession('', deps), undefined, deps)
    t.deepEqual(result.cookies, [], 'no cookie')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${store}: saving an empty session for a visitor who has none writes nothing`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const result = await saveSession(await loadSession('', deps), {}, deps)
    t.deepEqual(result.cookies, [], 'no cookie')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${store}: a saved change reads back on the next request, without the store's own fields`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const setCookie = await createSession(deps, { count: 1 })
    const loaded = await loadFrom(setCookie, deps)
    t.deepEqual(loaded.data, { count: 1 }, 'the data is exactly what was saved')
    t.equal(loaded.exists, true, 'the session exists')
    t.equal(loaded.from, store, `it is in the ${store} store`)
    t.equal(loaded.cookie, 'one', 'the cookie was sent')
    t.equal(loaded.keyIndex, 0, 'under the current secret')
    t.equal(loaded.adopted, false, 'made by this app, not adopted')
    t.match(loaded.secret, /^[\w-]{24}$/, 'the session has a random secret for its CSRF token')
    t.deepEqual(INTERNAL.filter(field => field in loaded.data), [], 'no _idx, _secret, _ttl, iat, _moved or _ended in the data')
  })

  test(`${store}: saving exactly what was loaded writes nothing`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const loaded = await loadFrom(await createSession(deps, { count: 4, notes: [ 'a' ] }), deps)
    table.calls.length = 0
    t.deepEqual((await saveSession(loaded, { ...loaded.data }, deps)).cookies, [], 'a copy: no cookie')
    t.deepEqual((await saveSession(loaded, undefined, deps)).cookies, [], 'undefined: no cookie')
    t.deepEqual(tableWork(table), [], 'no table work')
  })

  test(`${store}: the session's secret (and so its CSRF token) stays the same across writes`, async t => {
    const deps = sessionDeps(store, recordingTable())
    const first = await loadFrom(await createSession(deps, { count: 1 }), deps)
    const second = await loadFrom(onlyCookie(await saveSession(first, { count: 2 }, deps)), deps)
    t.deepEqual(second.data, { count: 2 }, 'the change was saved')
    t.equal(second.secret, first.secret, 'same secret')
    const other = await loadFrom(await createSession(deps, { count: 1 }), deps)
    t.notEqual(other.secret, first.secret, 'another session has another secret')
  })

  test(`${store}: fields named like the store's own are never taken from a route`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const sneaky: StoredSession = {
      count: 1, _idx: 'chosen-id', _secret: 'known', _ttl: 4102444800, iat: 4102444800, _moved: 1, _ended: true,
    }
    const loaded = await loadFrom(await createSession(deps, sneaky), deps)
    t.equal(loaded.exists, true, 'the session reads (not taken for an ended one)')
    t.deepEqual(loaded.data, { count: 1 }, 'only the data is kept')
    t.notEqual(loaded.secret, 'known', 'the secret is the store\'s own, not the one given')
    if (store === 'dynamodb') {
      t.notOk(table.rows.has('chosen-id'), 'the row id is not the one given')
      t.equal(table.puts()[0]?._ttl, NOW_S + WEEK_S, 'the expiry is not the one given')
    }
  })

  test(`${store}: rotating gives the session a new secret (and row), keeps its data, and the old cookie dies`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const before = await createSession(deps, { count: 3 })
    const loaded = await loadFrom(before, deps)
    const after = await loadFrom(onlyCookie(await saveSession(loaded, { count: 3, flash: 'signed-in' }, deps, { rotate: true })), deps)
    t.deepEqual(after.data, { count: 3, flash: 'signed-in' }, 'the data is what the route gave')
    t.notEqual(after.secret, loaded.secret, 'a new secret: CSRF tokens of the old session die')
    t.equal(after.exists, true, 'the new session reads')
    if (store === 'dynamodb') {
      t.notEqual(after.id, loaded.id, 'a new row id')
      t.deepEqual([ ...table.rows.keys() ], [ after.id ], 'only the new row is left')
      t.equal((await loadFrom(before, deps)).exists, false, 'the old cookie no longer reads')
    }
    const unchanged = await saveSession(after, undefined, deps, { rotate: true })
    t.equal(unchanged.cookies.length, 1, 'rotating writes even when the data did not change')
  })

  test(`${store}: destroying (null) removes the session and tells the browser to drop the cookie`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const setCookie = await createSession(deps, { count: 1 })
    const loaded = await loadFrom(setCookie, deps)
    table.calls.length = 0
    const expired = parseSetCookie(onlyCookie(await saveSession(loaded, null, deps)))
    t.equal(expired.name, '_idx', 'a Set-Cookie for _idx')
    t.equal(expired.attributes.get('max-age'), '0', 'that expires it now')
    if (store === 'dynamodb') {
      t.deepEqual(tableWork(table), [ { op: 'delete', id: loaded.id } ], 'one delete, of this session\'s row')
      t.equal(table.rows.size, 0, 'the row is gone')
      t.equal((await loadFrom(setCookie, deps)).exists, false, 'the old cookie no longer reads')
    }
    else {
      t.deepEqual(table.calls, [], 'JWE never touches the table')
    }
  })

  test(`${store}: destroying when the browser sent no cookie sets no cookie`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const result = await saveSession(await loadSession('', deps), null, deps)
    t.deepEqual(result.cookies, [], 'nothing to expire')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${store}: a session larger than the store holds is refused, nothing is written and the old one stands`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const setCookie = await createSession(deps, { count: 1 })
    const loaded = await loadFrom(setCookie, deps)
    table.calls.length = 0
    const limit = store === 'jwe' ? COOKIE_BYTE_LIMIT : ROW_BYTE_LIMIT
    const large: SessionData = { count: 2, notes: [ 'x'.repeat(limit) ] }
    const error = await saveSession(loaded, large, deps).then(() => undefined, (thrown: unknown) => thrown)
    t.ok(error instanceof SessionTooLargeError, 'refused with SessionTooLargeError')
    if (error instanceof SessionTooLargeError) {
      t.equal(error.store, store, `naming the ${store} store`)
      t.equal(error.limit, limit, `and its limit, ${limit} bytes`)
      t.ok(error.bytes > limit, `and a size over it (${error.bytes})`)
    }
    t.deepEqual(tableWork(table).filter(call => call.op !== 'get'), [], 'nothing written or deleted')
    t.deepEqual((await loadFrom(setCookie, deps)).data, { count: 1 }, 'the previous session still reads')
  })
}

test('dynamodb: a change is one put of the data with _idx, _secret and a one-week _ttl, and the cookie is the signed id', async t => {
  const table = recordingTable()
  const deps = sessionDeps('dynamodb', table)
  const setCookie = await createSession(deps, { count: 1 })
  t.deepEqual(table.calls.map(call => call.op), [ 'open', 'put' ], 'the table is opened once, for one put')
  t.deepEqual(table.calls[0], { op: 'open', table: 'sessions' }, 'the table named by ARC_SESSION_TABLE_NAME')
  const row = table.puts()[0]
  t.deepEqual(Object.keys(row ?? {}).sort(), [ '_idx', '_secret', '_ttl', 'count' ], 'the row holds the data and the three internal fields')
  t.equal(row?.count, 1, 'count: 1')
  t.match(row?._idx ?? '', /^[\w-]{24}$/, '_idx is a new 24-character id')
  t.equal(row?._ttl, NOW_S + WEEK_S, '_ttl = now + min(Max-Age, one week)')
  t.equal(valueOf(setCookie), signSessionId(row?._idx ?? '', APP_SECRET), 'the cookie holds the row id, signed')
  t.equal(unsignSessionId(valueOf(setCookie), [ APP_SECRET ])?.id, row?._idx, 'which unsigns to the row id')
  t.equal(signature.unsign(valueOf(setCookie), APP_SECRET), row?._idx, 'and cookie-signature (arc.http\'s reader) unsigns it too')
})

test('dynamodb: with a short ARC_SESSION_TTL the row lives as long as the cookie', async t => {
  const table = recordingTable()
  await createSession(sessionDeps('dynamodb', table, fakeClock(), { ARC_SESSION_TTL: '3600' }), { count: 1 })
  t.equal(table.puts()[0]?._ttl, NOW_S + 3600, '_ttl = now + 3600')
})

test('dynamodb: a second write updates the same row', async t => {
  const table = recordingTable()
  const clock = fakeClock()
  const deps = sessionDeps('dynamodb', table, clock)
  const loaded = await loadFrom(await createSession(deps, { count: 1 }), deps)
  clock.advance(60)
  await saveSession(loaded, { count: 2 }, deps)
  t.equal(table.rows.size, 1, 'still one row')
  t.equal(table.puts()[1]?._idx, loaded.id, 'the same id')
  t.equal(table.puts()[1]?._ttl, NOW_S + 60 + WEEK_S, 'its _ttl is pushed back a week from the write')
})

test('dynamodb: a badly signed cookie reads as no session without reading the table', async t => {
  const table = recordingTable()
  const deps = sessionDeps('dynamodb', table)
  const setCookie = await createSession(deps, { count: 1 })
  const id = table.puts()[0]?._idx ?? ''
  table.calls.length = 0
  for (const value of [ id, signSessionId(id, 'another-secret'), 'garbage.value' ]) {
    const loaded = await loadSession(`_idx=${encodeURIComponent(value)}`, deps)
    t.equal(loaded.exists, false, `${value.slice(0, 30)}…: no session`)
    t.equal(loaded.cookie, 'one', `${value.slice(0, 30)}…: a cookie was sent`)
  }
  t.deepEqual(table.calls, [], 'no table call for any of them')
  t.equal((await loadFrom(setCookie, deps)).exists, true, 'control: the properly signed cookie reads')
})

test('dynamodb: a row past its _ttl reads as no session, though DynamoDB has not deleted it yet', async t => {
  const table = recordingTable()
  const clock = fakeClock()
  const deps = sessionDeps('dynamodb', table, clock)
  const setCookie = await createSession(deps, { count: 1 })
  clock.advance(WEEK_S - 1)
  t.equal((await loadFrom(setCookie, deps)).exists, true, 'one second before _ttl it still reads')
  clock.advance(1)
  const loaded = await loadFrom(setCookie, deps)
  t.equal(loaded.exists, false, 'at _ttl it is gone')
  t.deepEqual(loaded.data, {}, 'no data')
  t.equal(table.rows.size, 1, 'the row is still in the table')
})

test('dynamodb: a row that went missing reads as no session', async t => {
  const table = recordingTable()
  const deps = sessionDeps('dynamodb', table)
  const setCookie = await createSession(deps, { count: 1 })
  table.rows.clear()
  t.equal((await loadFrom(setCookie, deps)).exists, false, 'no session')
})

test('jwe: the cookie is a token holding the data and the secret, and no table is touched', async t => {
  const table = recordingTable()
  const deps = sessionDeps('jwe', table)
  const setCookie = await createSession(deps, { count: 1 })
  const opened = await openJwe(valueOf(setCookie), [ jweKey(APP_SECRET, 'A256GCM') ], 'A256GCM', NOW_S)
  t.equal(opened?.payload.count, 1, 'the token holds count: 1')
  t.equal(typeof opened?.payload._secret, 'string', 'and the session secret')
  t.equal(opened?.issuedAt, NOW_S, 'sealed now')
  t.deepEqual(table.calls, [], 'no table call')
})

test('jwe: a cookie read 7 days after it was written reads as no session', async t => {
  const clock = fakeClock()
  const deps = sessionDeps('jwe', recordingTable(), clock)
  const setCookie = await createSession(deps, { count: 1 })
  clock.advance(WEEK_S - 1)
  t.equal((await loadFrom(setCookie, deps)).exists, true, 'a second short of 7 days it still reads')
  clock.advance(1)
  t.equal((await loadFrom(setCookie, deps)).exists, false, 'after 7 days it is gone, whatever the cookie\'s Max-Age')
})

test('jwe: a session just under the cookie limit is kept, and its cookie is within 4096 bytes', async t => {
  const deps = sessionDeps('jwe', recordingTable())
  const setCookie = await createSession(deps, { notes: [ 'x'.repeat(2900) ] })
  const pair = setCookie.split(';')[0] ?? ''
  t.ok(Buffer.byteLength(pair) <= COOKIE_BYTE_LIMIT, `the cookie is ${Buffer.byteLength(pair)} bytes`)
  t.equal((await loadFrom(setCookie, deps)).data.notes?.[0]?.length, 2900, 'and reads back whole')
})

test('jwe: without ARC_APP_SECRET no session is sealed (never with the public key)', async t => {
  const deps = sessionDeps('jwe', recordingTable(), fakeClock(), { ARC_APP_SECRET: undefined })
  const result = await saveSession(await loadSession('', deps), { count: 1 }, deps).then(() => 'saved', () => 'refused')
  t.equal(result, 'refused', 'the save is refused')
})

// Secret rotation: ARC_APP_SECRET changes and the old one moves to SESSION_SECRET_FALLBACKS.
for (const store of STORES) {
  test(`${store}: a cookie made under a fallback secret reads, and is issued again under the current one`, async t => {
    const table = recordingTable()
    const oldCookie = await createSession(depsUnder(OLD_SECRET, store, table), { count: 5 })
    const before = await loadFrom(oldCookie, depsUnder(OLD_SECRET, store, table))
    table.calls.length = 0
    const deps = rotatedDeps(store, table)
    const loaded = await loadFrom(oldCookie, deps)
    t.equal(loaded.exists, true, 'the session reads')
    t.deepEqual(loaded.data, { count: 5 }, 'with its data')
    t.equal(loaded.keyIndex, 1, 'opened by the first fallback')
    t.equal(loaded.secret, before.secret, 'its CSRF secret is kept')

    const reissued = onlyCookie(await saveSession(loaded, undefined, deps))
    t.notEqual(valueOf(reissued), valueOf(oldCookie), 'the route did not change it, yet a new cookie is issued')
    const next = await loadFrom(reissued, deps)
    t.deepEqual([ next.exists, next.keyIndex, next.secret ], [ true, 0, before.secret ], 'which reads under the current secret')
    t.deepEqual(next.data, { count: 5 }, 'with the same data')
    t.deepEqual((await saveSession(next, undefined, deps)).cookies, [], 'and the request after that writes nothing')
    if (store === 'dynamodb') {
      t.deepEqual(table.puts(), [], 'no row was written: only the cookie is signed again')
      t.equal(next.id, loaded.id, 'the same row')
      t.equal(unsignSessionId(valueOf(reissued), [ APP_SECRET ])?.id, loaded.id, 'the new cookie is signed with ARC_APP_SECRET')
    }
    else {
      t.deepEqual(table.calls, [], 'no table call')
      const opened = await openJwe(valueOf(reissued), [ jweKey(APP_SECRET, 'A256GCM') ], 'A256GCM', NOW_S)
      t.ok(opened, 'the new token opens with ARC_APP_SECRET alone')
    }
  })

  test(`${store}: dropping the fallback kills a cookie never issued again, not one that was`, async t => {
    const table = recordingTable()
    const oldCookie = await createSession(depsUnder(OLD_SECRET, store, table), { count: 5 })
    const deps = rotatedDeps(store, table)
    const reissued = onlyCookie(await saveSession(await loadFrom(oldCookie, deps), undefined, deps))
    const dropped = rotatedDeps(store, table, fakeClock(), true)
    t.equal((await loadFrom(oldCookie, dropped)).exists, false, 'the old cookie reads as no session')
    t.deepEqual((await loadFrom(reissued, dropped)).data, { count: 5 }, 'the cookie issued again still reads')
  })

  test(`${store}: a cookie made under a secret that is neither current nor a fallback reads as no session`, async t => {
    const table = recordingTable()
    const foreign = await createSession(depsUnder(FOREIGN_SECRET, store, table), { count: 5 })
    table.calls.length = 0
    const loaded = await loadFrom(foreign, rotatedDeps(store, table))
    t.equal(loaded.exists, false, 'no session')
    t.deepEqual(table.calls, [], 'and no table call (a bad signature is refused before any read)')
  })

  test(`${store}: a change to a session opened under a fallback is written under the current secret`, async t => {
    const table = recordingTable()
    const deps = rotatedDeps(store, table)
    const loaded = await loadFrom(await createSession(depsUnder(OLD_SECRET, store, table), { count: 5 }), deps)
    const saved = onlyCookie(await saveSession(loaded, { count: 6 }, deps))
    const next = await loadFrom(saved, rotatedDeps(store, table, fakeClock(), true))
    t.deepEqual([ next.exists, next.keyIndex ], [ true, 0 ], 'reads without the fallback')
    t.deepEqual(next.data, { count: 6 }, 'with the change')
  })
}

// Adoption: arc.http (in this app, GET/POST /plain) seals sessions without this app's `_secret`.
const arcEnv = { ARC_SESSION_TABLE_NAME: 'jwe', SESSION_TABLE_NAME: undefined, ARC_APP_SECRET: APP_SECRET, ARC_APP_SECRET_ALGO: undefined }

test('jwe: a session arc.http wrote is adopted: its contents kept, a secret given, written once', async t => {
  const table = recordingTable()
  const clock = fakeClock(Date.now())
  const deps = sessionDeps('jwe', table, clock)
  const arcCookie = await withEnv(arcEnv, () => arc.http.session.write({ count: 7 }))
  const loaded = await loadFrom(arcCookie, deps)
  t.equal(loaded.exists, true, 'the session reads')
  t.deepEqual(loaded.data, { count: 7 }, 'with arc.http\'s contents')
  t.equal(loaded.adopted, true, 'adopted')
  t.match(loaded.secret, /^[\w-]{24}$/, 'a secret is drawn for its CSRF token')

  const written = onlyCookie(await saveSession(loaded, undefined, deps))
  const next = await loadFrom(written, deps)
  t.deepEqual([ next.adopted, next.secret ], [ false, loaded.secret ], 'the next request has the secret the page\'s token was made with')
  t.deepEqual(next.data, { count: 7 }, 'and the same contents')
  t.deepEqual((await saveSession(next, undefined, deps)).cookies, [], 'and writes nothing')
  t.deepEqual(table.calls, [], 'no table call')
})

test('jwe: sessions pass both ways between this app and arc.http, the secret included', async t => {
  const deps = sessionDeps('jwe', recordingTable(), fakeClock(Date.now()))
  const ours = await createSession(deps, { count: 2 })
  const mine = await loadFrom(ours, deps)
  const read = await withEnv(arcEnv, () => arc.http.session.read({ headers: cookieHeaderFrom(ours) } as unknown as HttpRequest))
  t.equal(read.count, 2, 'arc.http reads the count')
  t.equal(read._secret, mine.secret, 'and the secret')
  // What POST /plain does: spread req.session, change the count.
  const theirs = await withEnv(arcEnv, () => arc.http.session.write({ ...read, count: 3 }))
  const back = await loadFrom(theirs, deps)
  t.deepEqual(back.data, { count: 3 }, 'arc.http\'s write reads here')
  t.deepEqual([ back.adopted, back.secret ], [ false, mine.secret ], 'the same session: not adopted, same secret')
  t.deepEqual((await saveSession(back, undefined, deps)).cookies, [], 'and nothing is written')
})

test('dynamodb: a JWE session arc.http wrote is adopted into one row with a secret, then left alone', async t => {
  const table = recordingTable()
  const deps = sessionDeps('dynamodb', table, fakeClock(Date.now()))
  const arcCookie = await withEnv(arcEnv, () => arc.http.session.write({ count: 7 }))
  const loaded = await loadFrom(arcCookie, deps)
  t.deepEqual([ loaded.exists, loaded.adopted, loaded.from ], [ true, true, 'jwe' ], 'an adopted JWE session')
  const written = onlyCookie(await saveSession(loaded, undefined, deps))
  t.equal(table.puts().length, 1, 'one row written')
  t.equal(table.puts()[0]?._secret, loaded.secret, 'holding the secret the page\'s token was made with')
  const next = await loadFrom(written, deps)
  t.deepEqual([ next.from, next.adopted, next.secret ], [ 'dynamodb', false, loaded.secret ], 'the next request reads the row')
  t.deepEqual(next.data, { count: 7 }, 'with arc.http\'s contents')
  t.deepEqual((await saveSession(next, undefined, deps)).cookies, [], 'and writes nothing')
  t.equal(table.puts().length, 1, 'still one write in all')
})

test('dynamodb: a request in flight when the session is destroyed does not write it back to life', async t => {
  // A stolen copy of the cookie keeps requests in flight; the owner signs out (or revokes that
  // session) between one of them reading the row and writing it.
  const table = recordingTable()
  const deps = sessionDeps('dynamodb', table)
  const cookie = await createSession(deps, { userEmail: 'a@example.com', count: 1 })
  const attacker = await loadFrom(cookie, deps)
  await saveSession(await loadFrom(cookie, deps), null, deps)
  await saveSession(attacker, { ...attacker.data, count: 2 }, deps)
  t.equal((await loadFrom(cookie, deps)).exists, false, 'the destroyed session stays destroyed')
  t.equal(table.rows.size, 0, 'no row came back')
})

test('jwe → dynamodb: a move in flight when the session is destroyed does not overwrite its tombstone', async t => {
  const table = recordingTable()
  const jwe = sessionDeps('jwe', table)
  const ddb = sessionDeps('dynamodb', table)
  const cookie = await createSession(jwe, { userEmail: 'a@example.com', count: 1 })
  const copy = await loadFrom(cookie, ddb)
  await saveSession(await loadFrom(cookie, ddb), null, ddb)
  await saveSession(copy, undefined, ddb)
  t.equal((await loadFrom(cookie, ddb)).exists, false, 'a copy of the JWE cookie still reads as no session')
  t.ok([ ...table.rows.values() ].every(row => row._ended === true), 'only the tombstone is left')
})

// loadSession / saveSession under both stores, with a recording in-memory table in place of
// DynamoDB (the real table is exercised by the sandbox suites). The promise under test: nothing
// is read without a validly signed cookie, nothing is written unless the session changed.
import test from 'tape'
import { COOKIE_BYTE_LIMIT } from '../../src/shared/session/cookie.ts'
import { jweKey, openJwe } from '../../src/shared/session/jwe.ts'
import { loadSession, saveSession } from '../../src/shared/session/sessions.ts'
import type { LoadedSession, SessionDeps } from '../../src/shared/session/sessions.ts'
import { signSessionId, unsignSessionId } from '../../src/shared/session/signed-id.ts'
import type { StoredSession } from '../../src/shared/session/types.ts'
import { APP_SECRET, NOW_S, WEEK_S, cookieHeaderFrom, fakeClock, parseSetCookie, recordingTable, sessionDeps } from './_fixtures.ts'
import type { StoreName } from './_fixtures.ts'

const STORES: StoreName[] = [ 'jwe', 'dynamodb' ]
const INTERNAL = [ '_idx', '_secret', '_ttl', 'iat' ]

/** A first visit (no cookie) that saves `data`: returns the Set-Cookie header the browser receives. */
async function createSession (deps: SessionDeps, data: StoredSession): Promise<string> {
  const fresh = await loadSession({}, undefined, deps)
  const { setCookie } = await saveSession(fresh, data, deps)
  if (!setCookie) throw new Error('saving a new session set no cookie')
  return setCookie
}

/** Loads the session the browser holding this Set-Cookie would send back. */
function loadFrom (setCookie: string, deps: SessionDeps): Promise<LoadedSession> {
  return loadSession(cookieHeaderFrom(setCookie), undefined, deps)
}

for (const store of STORES) {
  test(`${store}: a request without a cookie has an empty session and touches no table`, async t => {
    const table = recordingTable()
    const loaded = await loadSession({ cookie: 'theme=dark' }, undefined, sessionDeps(store, table))
    t.deepEqual(loaded.data, {}, 'no data')
    t.equal(loaded.exists, false, 'no session exists')
    t.equal(loaded.cookieSent, false, 'no _idx cookie was sent')
    t.equal(loaded.secret, '', 'no secret yet')
    t.deepEqual(table.calls, [], 'the table was not even opened')
  })

  test(`${store}: several _idx cookies read as no session, and touch no table`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const a = cookieHeaderFrom(await createSession(deps, { count: 1 })).cookie
    const b = cookieHeaderFrom(await createSession(deps, { count: 2 })).cookie
    table.calls.length = 0
    const loaded = await loadSession({ cookie: `${a}; ${b}` }, undefined, deps)
    t.equal(loaded.exists, false, 'no session, though both cookies are valid')
    t.deepEqual(loaded.data, {}, 'no data')
    t.equal(loaded.cookieSent, true, 'a cookie was sent')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${store}: saving undefined (the route did not touch the session) writes nothing`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const result = await saveSession(await loadSession({}, undefined, deps), undefined, deps)
    t.equal(result.setCookie, undefined, 'no cookie')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${store}: saving an empty session for a visitor who has none writes nothing`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const result = await saveSession(await loadSession({}, undefined, deps), {}, deps)
    t.equal(result.setCookie, undefined, 'no cookie')
    t.deepEqual(table.calls, [], 'no table call')
  })

  test(`${store}: a saved change reads back on the next request, without the store's own fields`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const setCookie = await createSession(deps, { count: 1 })
    const loaded = await loadFrom(setCookie, deps)
    t.deepEqual(loaded.data, { count: 1 }, 'the data is exactly what was saved')
    t.equal(loaded.exists, true, 'the session exists')
    t.equal(loaded.cookieSent, true, 'the cookie was sent')
    t.match(loaded.secret, /^[\w-]{24}$/, 'the session has a random secret for its CSRF token')
    t.deepEqual(INTERNAL.filter(field => field in loaded.data), [], 'no _idx, _secret, _ttl or iat in the data')
  })

  test(`${store}: saving exactly what was loaded writes nothing`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const loaded = await loadFrom(await createSession(deps, { count: 4 }), deps)
    table.calls.length = 0
    const result = await saveSession(loaded, { ...loaded.data }, deps)
    t.equal(result.setCookie, undefined, 'no cookie')
    t.deepEqual(table.puts(), [], 'no write')
  })

  test(`${store}: the session's secret (and so its CSRF token) stays the same across writes`, async t => {
    const deps = sessionDeps(store, recordingTable())
    const first = await loadFrom(await createSession(deps, { count: 1 }), deps)
    const { setCookie } = await saveSession(first, { count: 2 }, deps)
    const second = await loadFrom(setCookie ?? '', deps)
    t.deepEqual(second.data, { count: 2 }, 'the change was saved')
    t.equal(second.secret, first.secret, 'same secret')
    const other = await loadFrom(await createSession(deps, { count: 1 }), deps)
    t.notEqual(other.secret, first.secret, 'another session has another secret')
  })

  test(`${store}: fields named like the store's own are never taken from a route`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const sneaky: StoredSession = { count: 1, _idx: 'chosen-id', _secret: 'known', _ttl: 4102444800, iat: 4102444800 }
    const loaded = await loadFrom(await createSession(deps, sneaky), deps)
    t.deepEqual(loaded.data, { count: 1 }, 'only the data is kept')
    t.notEqual(loaded.secret, 'known', 'the secret is the store\'s own, not the one given')
    if (store === 'dynamodb') {
      t.notOk(table.rows.has('chosen-id'), 'the row id is not the one given')
      t.equal(table.puts()[0]?._ttl, NOW_S + WEEK_S, 'the expiry is not the one given')
    }
  })

  test(`${store}: destroying (null) removes the session and tells the browser to drop the cookie`, async t => {
    const table = recordingTable()
    const deps = sessionDeps(store, table)
    const setCookie = await createSession(deps, { count: 1 })
    const loaded = await loadFrom(setCookie, deps)
    table.calls.length = 0
    const result = await saveSession(loaded, null, deps)
    const expired = parseSetCookie(result.setCookie ?? '')
    t.equal(expired.name, '_idx', 'a Set-Cookie for _idx')
    t.equal(expired.attributes.get('max-age'), '0', 'that expires it now')
    if (store === 'dynamodb') {
      t.deepEqual(table.calls.filter(call => call.op !== 'open'), [ { op: 'delete', id: loaded.id } ], 'one delete, of this session\'s row')
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
    const result = await saveSession(await loadSession({}, undefined, deps), null, deps)
    t.equal(result.setCookie, undefined, 'nothing to expire')
    t.deepEqual(table.calls, [], 'no table call')
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
  const value = decodeURIComponent(parseSetCookie(setCookie).value)
  t.equal(value, signSessionId(row?._idx ?? '', APP_SECRET), 'the cookie holds the row id, signed')
  t.equal(unsignSessionId(value, APP_SECRET), row?._idx, 'which unsigns to the row id')
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
  for (const cookie of [ `_idx=${id}`, `_idx=${encodeURIComponent(signSessionId(id, 'another-secret'))}`, '_idx=garbage.value' ]) {
    const loaded = await loadSession({ cookie }, undefined, deps)
    t.equal(loaded.exists, false, `${cookie.slice(0, 30)}…: no session`)
    t.equal(loaded.cookieSent, true, `${cookie.slice(0, 30)}…: a cookie was sent`)
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
  const opened = openJwe(decodeURIComponent(parseSetCookie(setCookie).value), jweKey(APP_SECRET, 'A256GCM'), 'A256GCM', NOW_S)
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

test('jwe: a session too large for a cookie is not silently handed to the browser to drop', async t => {
  const deps = sessionDeps('jwe', recordingTable())
  const large = { count: 1, note: 'x'.repeat(5000) }
  let setCookie: string | undefined
  let refused = false
  try {
    setCookie = (await saveSession(await loadSession({}, undefined, deps), large, deps)).setCookie
  }
  catch {
    refused = true
  }
  const pair = setCookie?.split(';')[0] ?? ''
  t.ok(refused || Buffer.byteLength(pair) <= COOKIE_BYTE_LIMIT,
    `either refused or within ${COOKIE_BYTE_LIMIT} bytes (got a ${Buffer.byteLength(pair)}-byte cookie)`)
})

// The session layer is lazy: page views without a session, or that change nothing, write
// nothing. (arc.http's default would create a DynamoDB row for every cookieless request.)
import test from 'tape'
import { countOn, sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { clearSessionRows, sessionRows } from '../helpers/tables.ts'

const store = storeUnderTest()

test(`${store}: 100 anonymous page views store nothing and set no cookie`, async t => {
  await clearSessionRows()
  let cookies = 0
  let ok = 0
  for (let batch = 0; batch < 10; batch++) {
    const pages = await Promise.all(Array.from({ length: 10 }, () => sessionClient().get('/')))
    ok += pages.filter(p => p.status === 200).length
    cookies += pages.reduce((n, p) => n + p.setCookies.length, 0)
  }
  t.equal(ok, 100, 'all 100 answered 200')
  t.equal(cookies, 0, 'no Set-Cookie on any of them')
  t.deepEqual(await sessionRows(), [], 'the sessions table is still empty')
})

test(`${store}: 404 pages and refused posts store nothing`, async t => {
  await clearSessionRows()
  const visitor = sessionClient()
  t.equal((await visitor.get('/no/such/page')).status, 404, 'GET of an unknown path is 404')
  t.equal((await visitor.post('/no/such/page', { x: '1' })).status, 404, 'POST to an unknown path is 404')
  t.equal((await visitor.post('/count', { _csrf: 'forged' })).status, 403, 'a forged token is refused')
  t.equal(visitor.cookie, undefined, 'no cookie was set')
  t.deepEqual(await sessionRows(), [], 'the sessions table is still empty')
})

test(`${store}: reading an existing session rewrites nothing`, async t => {
  await clearSessionRows()
  const visitor = sessionClient()
  await visitor.post('/count')
  const rowsAfterWrite = await sessionRows()
  t.equal(rowsAfterWrite.length, store === 'dynamodb' ? 1 : 0,
    store === 'dynamodb' ? 'one row for the one session' : 'JWE keeps the session in the cookie, not the table')
  const cookie = visitor.cookie
  for (let i = 0; i < 5; i++) {
    const page = await visitor.get('/')
    t.deepEqual(page.setCookies, [], `page view ${i + 1} sets no cookie`)
  }
  t.equal(visitor.cookie, cookie, 'the browser still holds the same cookie')
  t.deepEqual(await sessionRows(), rowsAfterWrite, 'the table is exactly as it was')
  t.equal(countOn((await visitor.get('/')).body), 1, 'and the session still reads')
})

test(`${store}: each change writes the same session, not a new one`, async t => {
  await clearSessionRows()
  const visitor = sessionClient()
  for (let i = 0; i < 3; i++) await visitor.post('/count')
  const rows = await sessionRows()
  if (store === 'dynamodb') {
    t.equal(rows.length, 1, 'three writes, still one row')
    t.equal(rows[0]?.count, 3, 'holding count 3')
    t.ok(typeof rows[0]?._ttl === 'number' && rows[0]._ttl * 1000 > Date.now(), 'with a future _ttl for DynamoDB to expire it by')
  }
  else {
    t.deepEqual(rows, [], 'JWE writes go to the cookie only')
  }
})

// Sessions shared with a route written with plain arc.http (GET/POST /plain), both ways: what
// a template user's first own route will do to the app's sessions, and the other way round.
import test from 'tape'
import { countOn, csrfFrom, sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { sessionRows } from '../helpers/tables.ts'

const store = storeUnderTest()

/** The count the plain arc.http page shows. */
function plainCountOn (html: string): number {
  const match = /data-testid="plain-count">(\d+)</.exec(html)
  if (!match?.[1]) throw new Error('No count on the plain arc.http page')
  return Number(match[1])
}

test(`${store}: an arc.http route reads what the app's routes wrote, and the app reads what it wrote`, async t => {
  const browser = sessionClient()
  await browser.post('/count')
  await browser.post('/count')
  t.equal(plainCountOn((await browser.get('/plain')).body), 2, 'app → arc.http: the plain page shows the count of 2')
  const plain = await browser.post('/plain', {}, { withoutCsrf: true })
  t.equal(plain.status, 303, 'the plain route counts and redirects')
  t.equal(countOn((await browser.get('/')).body), 3, 'arc.http → app: the counter shows 3')
  const counted = await browser.post('/count')
  t.equal(counted.status, 303, 'the app’s own form still works: the CSRF secret survived the arc.http write')
  t.equal(countOn((await browser.get('/')).body), 4, 'and counts on to 4')
})

test(`${store}: a session arc.http created is adopted by the app, and POST /count works on it`, async t => {
  const browser = sessionClient()
  await browser.post('/plain', {}, { withoutCsrf: true })
  t.ok(browser.cookie, 'the arc.http route created a session')
  const home = await browser.get('/')
  t.equal(countOn(home.body), 1, 'the app keeps it: the counter shows 1, not 0')
  const counted = await browser.post('/count', {}, { from: home.body })
  t.equal(counted.status, 303, 'the app’s POST /count is accepted with the page’s token')
  t.equal(countOn((await browser.get('/')).body), 2, 'and the count goes on to 2')
  t.equal(plainCountOn((await browser.get('/plain')).body), 2, 'which the arc.http route reads back')
})

test(`${store}: a forged form is still refused for a session arc.http created`, async t => {
  const browser = sessionClient()
  await browser.post('/plain', {}, { withoutCsrf: true })
  const page = await browser.get('/')
  const token = csrfFrom(page.body)
  const forged = await browser.post('/count', { _csrf: token }, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })
  t.equal(forged.status, 403, 'a cross-site POST is refused')
  const noHeaders = await browser.post('/count', { _csrf: 'guessed' }, { fetchMetadata: false })
  t.equal(noHeaders.status, 403, 'so is a wrong token')
  t.equal(countOn((await browser.get('/')).body), 1, 'the count is unchanged')
})

test(`${store}: the plain arc.http page writes a row for every visit without a cookie; the app's pages do not`, async t => {
  const before = (await sessionRows()).length
  for (let i = 0; i < 3; i++) await sessionClient().get('/')
  t.equal((await sessionRows()).length, before, 'three anonymous visits to / write nothing')
  for (let i = 0; i < 3; i++) await sessionClient().get('/plain')
  t.equal((await sessionRows()).length - before, store === 'dynamodb' ? 3 : 0,
    store === 'dynamodb' ? 'three anonymous visits to /plain write three rows (arc.http)' : 'JWE: arc.http writes no rows either')
})

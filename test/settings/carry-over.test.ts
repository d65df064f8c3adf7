// Rotating ARC_APP_SECRET (with SESSION_SECRET_FALLBACKS) and switching ARC_SESSION_TABLE_NAME,
// for real, in a project started with `npm start`: a live session carries over every change, with
// its count, while a session that should be dead (no fallback left, "Log out everywhere") stays dead.
// Each change restarts the sandbox (seconds each), so the two switches the sequence needs in the
// middle are made by an admin in Chromium on /settings: that is the browser walkthrough.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page as BrowserPage } from 'playwright'
import test from 'tape'
import type { Test } from 'tape'
import { DEMO, signInAs, signedInAs } from '../helpers/accounts.ts'
import { screenshot, sharedBrowser } from '../helpers/browser.ts'
import { countOn, sessionClient } from '../helpers/http-client.ts'
import type { Page, SessionClient } from '../helpers/http-client.ts'
import { COPY_PORTS, COPY_URL, startProjectCopy, waitFor, waitForSteady } from '../helpers/project-copy.ts'
import type { RunningCopy } from '../helpers/project-copy.ts'
import { tableRows } from '../helpers/tables.ts'

type Store = 'jwe' | 'sessions'
type TestingEnv = Record<string, string | undefined>

const FOOTER: Record<Store, string> = { jwe: 'JWE cookie', sessions: 'DynamoDB table “sessions”' }
const SETTINGS: Record<Store, string> = { jwe: 'JWE cookie', sessions: 'DynamoDB “sessions”' }
const NEW_SECRETS = [ 'carry-over-rotated-secret-number-one-0123456789', 'carry-over-rotated-secret-number-two-9876543210' ]
const SIGNED_OUT = { user: undefined, count: 0 }
const fileStarted = Date.now()

let copy: RunningCopy
/** What `@env testing` in the copy's prefs.arc says; every change rewrites the block from it. */
let env: TestingEnv = {}
const client = (cookie?: string) => sessionClient(cookie, COPY_URL)
const prefsPath = () => join(copy.dir, 'prefs.arc')
/** The `NAME value` lines under `@env testing` in the copy's prefs.arc. */
const testingBlock = () => /^@env\ntesting\n((?: {2}\S.*\n?)*)/m.exec(readFileSync(prefsPath(), 'utf8'))?.[1] ?? ''
const logged = (line: string) => copy.log().split(line).length - 1
const isJwe = (cookie: string | undefined) => (cookie ?? '').split('.').length === 5
/** The id of a DynamoDB cookie, `<id>.<HMAC signature>` (URL-encoded in the cookie). */
const signedId = (cookie: string | undefined) => /^([\w-]+)\.[\w+/]+$/.exec(decodeURIComponent(cookie ?? ''))?.[1]
const sessionRow = async (id: string | undefined) => (await tableRows('sessions', COPY_PORTS.tables)).find(row => row._idx === id)

/** Opens a page as a browser would, following the redirect an ended session answers with. */
async function visit (visitor: SessionClient, path = '/'): Promise<Page> {
  let page = await visitor.get(path)
  for (let hops = 0; hops < 3 && page.status === 303; hops++) page = await visitor.get(page.headers.get('location') ?? '/')
  return page
}

/** Who the home page says is signed in, and its count, for a browser holding `cookie`. */
async function homeFor (cookie: string | undefined) {
  const page = await visit(client(cookie))
  return { user: signedInAs(page.body), count: countOn(page.body) }
}

/** After a restart the sandbox rebuilds its handlers: every route used here must answer, under `store`. */
async function settledOn (store: Store): Promise<boolean> {
  const visitor = client()
  const [ home, login, account, settings ] = await Promise.all([ '/', '/login', '/account', '/settings' ].map(path => visitor.get(path)))
  return home?.status === 200 && home.body.includes(`data-testid="store">${FOOTER[store]}<`) &&
    login?.status === 200 && account?.status === 303 && settings?.status === 303
}

/** Waits for the restart a prefs.arc change causes (the sandbox logs it), then for every route to answer under `store`. */
async function restartSettled (reloadsBefore: number, store: Store): Promise<void> {
  const reloads = () => logged('Sandbox reloaded')
  // Every change it noticed has been reloaded: a write that shows up as two events restarts it twice.
  const done = async () => reloads() > reloadsBefore && reloads() === logged('Loaded latest project preferences')
  await waitFor(done, 45_000, 'the sandbox to reload prefs.arc')
  await waitForSteady(() => settledOn(store), 500, 45_000, `the sandbox to answer under ${store}`)
}

/**
 * Edits `@env testing` in the copy's prefs.arc as a developer would (two-space `NAME value` lines;
 * undefined removes a variable) and waits until the sandbox has restarted with it.
 */
async function changeTestingEnv (changes: TestingEnv): Promise<void> {
  env = { ...env, ...changes }
  const lines = Object.entries(env).filter(([ , value ]) => value !== undefined).map(([ name, value ]) => `  ${name} ${value}\n`)
  const before = readFileSync(prefsPath(), 'utf8')
  const after = before.replace(/^@env\ntesting\n(?: {2}\S.*\n?)*/m, `@env\ntesting\n${lines.join('')}`)
  if (after === before) throw new Error('prefs.arc has no @env testing block to edit')
  const reloads = logged('Sandbox reloaded')
  writeFileSync(prefsPath(), after)
  await restartSettled(reloads, env.ARC_SESSION_TABLE_NAME as Store)
}

const device = client()
/** The first device's cookie before the secret rotation, at the end of the JWE era, under DynamoDB. */
const kept: Partial<Record<'preRotation' | 'jweEra' | 'dynamoEra', string>> = {}
/** The first device's home page as it was before the rotation: its forms carry a token made under the old secret. */
let pageBeforeRotation = ''

test('carry-over: start the project copy with npm start', async t => {
  copy = await startProjectCopy()
  env = Object.fromEntries(testingBlock().trim().split('\n').map(line => /^\s*(\S+)\s+(.*)$/.exec(line)?.slice(1, 3) ?? []))
  await waitForSteady(() => settledOn('jwe'), 500, 60_000, 'the copy to answer on every route')
  t.equal(env.ARC_SESSION_TABLE_NAME, 'jwe', 'prefs.arc as shipped says jwe')
  t.ok((env.ARC_APP_SECRET ?? '').length >= 32, 'with a secret long enough for A256GCM')
})

test('carry-over: signed in under JWE, a visitor counts', async t => {
  await signInAs(device, DEMO.email, DEMO.password)
  for (let i = 0; i < 3; i++) await device.post('/count')
  const home = await visit(device)
  t.equal(signedInAs(home.body), DEMO.email, 'signed in as the demo account')
  t.equal(countOn(home.body), 3, 'the count is 3')
  t.ok(isJwe(device.cookie), 'the cookie is a JWE token')
  kept.preRotation = device.cookie
  pageBeforeRotation = home.body
})

test('carry-over: a new ARC_APP_SECRET with the old one as fallback keeps the visitor signed in and re-seals the cookie', async t => {
  await changeTestingEnv({ ARC_APP_SECRET: NEW_SECRETS[0], SESSION_SECRET_FALLBACKS: env.ARC_APP_SECRET })
  const home = await visit(device)
  t.equal(signedInAs(home.body), DEMO.email, 'still signed in after the rotation')
  t.equal(countOn(home.body), 3, 'the count is kept')
  const resealed = home.setCookies.some(header => header.startsWith('_idx=') && !header.startsWith('_idx=;'))
  t.ok(resealed, 'that very response sets a new _idx cookie')
  t.ok(isJwe(device.cookie), 'still a JWE token')
  t.notEqual(device.cookie, kept.preRotation, 're-sealed: the cookie differs from the one sealed under the old secret')
  t.equal((await device.get('/')).setCookies.length, 0, 'the next page does not re-seal it again')
  const counted = await device.post('/count', {}, { from: pageBeforeRotation })
  t.equal(counted.status, 303, 'a form opened before the rotation still posts (its token was made under the fallback)')
  t.equal(countOn((await visit(device)).body), 4, 'and counts: 4')
})

test('carry-over: once the fallback is dropped, the re-sealed session lives and the old cookie is dead', async t => {
  await changeTestingEnv({ SESSION_SECRET_FALLBACKS: undefined })
  t.notOk(testingBlock().includes('SESSION_SECRET_FALLBACKS'), 'prefs.arc no longer sets a fallback')
  const home = await visit(device)
  t.equal(signedInAs(home.body), DEMO.email, 'the re-sealed session is still signed in')
  t.equal(countOn(home.body), 4, 'with its count')
  t.deepEqual(await homeFor(kept.preRotation), SIGNED_OUT, 'a copy of the pre-rotation cookie reads as signed out, count 0')
})

test('carry-over: switching to DynamoDB moves the live session into a row', async t => {
  kept.jweEra = device.cookie
  await changeTestingEnv({ ARC_SESSION_TABLE_NAME: 'sessions' })
  const home = await visit(device)
  t.equal(signedInAs(home.body), DEMO.email, 'still signed in under DynamoDB')
  t.equal(countOn(home.body), 4, 'the count is kept')
  const id = signedId(device.cookie)
  t.ok(id && !isJwe(device.cookie), 'the cookie is now a signed id (<id>.<signature>), not a JWE token')
  const row = await sessionRow(id)
  t.equal(row?.userEmail, DEMO.email, 'the sessions table has its row, for the demo account')
  t.equal(row?.count, 4, 'holding the count')
  kept.dynamoEra = device.cookie
})

test('carry-over: after "Log out everywhere" from a second device, the first device’s cookies are dead', async t => {
  const second = client()
  await signInAs(second, DEMO.email, DEMO.password)
  const account = await second.get('/account')
  t.equal(signedInAs(account.body), DEMO.email, 'the second device is signed in')
  const out = await second.post('/account/logout-everywhere', {}, { from: account.body })
  t.equal(out.headers.get('location'), '/login', 'Log out everywhere is done')
  const row = await sessionRow(signedId(kept.dynamoEra))
  // It came from a JWE cookie, so what is left is a tombstone that keeps copies of that cookie dead.
  t.ok(row === undefined || (row._ended === true && row.userEmail === undefined), 'the first device’s row is gone (a tombstone at most)')
  t.deepEqual(await homeFor(kept.dynamoEra), SIGNED_OUT, 'its current (DynamoDB-era) cookie reads as signed out')
  t.deepEqual(await homeFor(kept.jweEra), SIGNED_OUT, 'and so does its JWE-era cookie')
})

// One Chromium window, signed in after "Log out everywhere", makes the next two switches on the
// settings page: DynamoDB to JWE here, then JWE to DynamoDB once the old cookies are checked.
let browserContext: BrowserContext | undefined
let browserPage: BrowserPage

test('carry-over: in Chromium, switching from DynamoDB to JWE on /settings keeps the visitor signed in with the count', async t => {
  browserContext = await (await sharedBrowser()).newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } })
  browserPage = await browserContext.newPage()
  const page = browserPage
  await page.goto(COPY_URL + '/login')
  await page.getByLabel('Email').fill(DEMO.email)
  await page.getByLabel('Password').fill(DEMO.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(COPY_URL + '/')
  for (let i = 1; i <= 2; i++) {
    await page.getByRole('button', { name: 'Count' }).click()
    await page.waitForURL(COPY_URL + '/')
  }
  t.equal(await page.getByTestId('count').textContent(), '2', 'signed in under DynamoDB, the count is 2')
  await switchInBrowser(t, 'jwe')
})

test('carry-over: back on JWE, no cookie from before "Log out everywhere" revives', async t => {
  t.deepEqual(await homeFor(kept.jweEra), SIGNED_OUT, 'the JWE-era cookie stays signed out')
  t.deepEqual(await homeFor(kept.dynamoEra), SIGNED_OUT, 'and so does the DynamoDB-era cookie')
})

test('carry-over: in Chromium, switching from JWE to DynamoDB on /settings keeps the visitor signed in with the count', async t => {
  try {
    await switchInBrowser(t, 'sessions')
  }
  finally {
    await browserContext?.close()
  }
})

test('carry-over: a DynamoDB session survives a secret rotation, then moves into a JWE cookie and its row is deleted', async t => {
  const phone = client()
  const laptop = client()
  await Promise.all([ signInAs(phone, DEMO.email, DEMO.password), signInAs(laptop, DEMO.email, DEMO.password) ])
  for (let i = 0; i < 2; i++) await phone.post('/count')
  await laptop.post('/count')
  const phoneId = signedId(phone.cookie)
  const laptopId = signedId(laptop.cookie)
  t.ok(phoneId && laptopId, 'signing in under DynamoDB gives signed ids')
  t.equal((await sessionRow(phoneId))?.count, 2, 'the row holds the count')
  const preRotation = phone.cookie

  await changeTestingEnv({ ARC_APP_SECRET: NEW_SECRETS[1], SESSION_SECRET_FALLBACKS: env.ARC_APP_SECRET })
  const home = await visit(phone)
  t.equal(signedInAs(home.body), DEMO.email, 'after the rotation: still signed in')
  t.equal(countOn(home.body), 2, 'the count is kept')
  t.notEqual(phone.cookie, preRotation, 'the id was re-signed under the new secret in that response')
  t.equal(signedId(phone.cookie), phoneId, 'the same row, under a new signature')

  // The laptop makes no request between the rotation and the switch: its id is still signed under the fallback.
  await changeTestingEnv({ ARC_SESSION_TABLE_NAME: 'jwe' })
  const moved = await visit(phone)
  t.equal(signedInAs(moved.body), DEMO.email, 'after the switch to JWE: still signed in')
  t.equal(countOn(moved.body), 2, 'the count is kept')
  t.ok(isJwe(phone.cookie), 'the cookie is now a JWE token (5 parts)')
  t.equal(await sessionRow(phoneId), undefined, 'and its old row is gone')
  const laptopHome = await visit(laptop)
  t.equal(signedInAs(laptopHome.body), DEMO.email, 'a session still signed under the fallback moves too, signed in')
  t.equal(countOn(laptopHome.body), 1, 'with its own count')
  t.ok(isJwe(laptop.cookie), 'as a JWE token')
  t.equal(await sessionRow(laptopId), undefined, 'its row gone too')
  t.deepEqual(await homeFor(preRotation), SIGNED_OUT, 'a copy of the moved session’s old signed id reads as signed out')
})

test('carry-over: stop the project copy', async t => {
  await copy.stop()
  const answered = await fetch(COPY_URL + '/').then(() => true, () => false)
  t.notOk(answered, 'the copy’s sandbox has stopped: nothing answers on its port')
  t.comment(`this file took ${Math.round((Date.now() - fileStarted) / 1000)} s`)
})

/**
 * In the Chromium window: Switch on the testing row of /settings, follow the page's own refresh
 * while the sandbox restarts, and check the visitor is still signed in with the same count.
 */
async function switchInBrowser (t: Test, store: Store): Promise<void> {
  const page = browserPage
  const [ label, button ] = store === 'jwe' ? [ 'to-jwe', 'Switch to JWE' ] : [ 'to-dynamodb', 'Switch to DynamoDB' ]
  await page.goto(COPY_URL + '/')
  const count = await page.getByTestId('count').textContent()
  await page.goto(COPY_URL + '/settings')
  await screenshot(page, `carry-over-${label}-before`)
  const reloads = logged('Sandbox reloaded')
  await page.locator('tr[data-stage="testing"]').getByRole('button', { name: button }).click()
  await page.waitForLoadState()
  const waits = await page.locator('meta[http-equiv="refresh"]').count() === 1
  t.ok(waits, `${label}: the switch answers with a page that continues by itself once the sandbox has restarted`)
  if (waits) t.notOk(/sign in again/i.test(await page.locator('main').innerText()), `${label}: that page does not say the session will end`)
  const refreshed = waits ? page.waitForURL(COPY_URL + '/settings?switched=testing', { timeout: 30_000 }) : undefined
  await restartSettled(reloads, store)
  // Left on a browser error page, the visitor tries the settings page again.
  await (refreshed ?? page.goto(COPY_URL + '/settings?switched=testing'))
  if (!await page.getByTestId('store-testing').isVisible()) {
    // The restart outlasted the page's wait: the visitor sees the sandbox's own error and reloads.
    const shown = (await page.locator('body').innerText()).trim().split('\n')[0]
    t.comment(`${label}: the refresh came before the restart ended and showed “${shown}”; reloaded`)
    await page.reload()
  }
  await screenshot(page, `carry-over-${label}-after`)
  t.equal(await page.getByTestId('store-testing').textContent(), SETTINGS[store], `${label}: the settings page shows the new store`)
  t.equal(await page.getByTestId('signed-in-as').textContent(), DEMO.email, `${label}: the visitor is still signed in`)
  t.notOk(/sign in again/i.test(await page.locator('main').innerText()), `${label}: and the page does not say the session ended`)
  await page.goto(COPY_URL + '/')
  t.equal(await page.getByTestId('count').textContent(), count, `${label}: the count is kept`)
  await screenshot(page, `carry-over-${label}-home`)
}

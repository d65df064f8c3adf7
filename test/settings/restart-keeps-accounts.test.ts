// A sandbox restart under `npm start` keeps accounts as they are: the demo account is seeded only
// when it is missing, so a JWE session that "Log out everywhere" ended stays ended after a restart
// (every switch on the settings page restarts the sandbox).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import test from 'tape'
import { DEMO, signInAs, signedInAs } from '../helpers/accounts.ts'
import { sessionClient } from '../helpers/http-client.ts'
import { COPY_PORTS, COPY_URL, startProjectCopy, waitFor, waitForSteady } from '../helpers/project-copy.ts'
import type { RunningCopy } from '../helpers/project-copy.ts'
import { tableRows } from '../helpers/tables.ts'

let copy: RunningCopy
const client = (cookie?: string) => sessionClient(cookie, COPY_URL)
const reloads = () => copy.log().split('Sandbox reloaded').length - 1
const demoRow = async () => (await tableRows('users', COPY_PORTS.tables)).find(row => row.email === DEMO.email)

test('restart: start the project copy with npm start', async t => {
  copy = await startProjectCopy()
  // GET / answers before the TypeScript build has finished; the other routes 502 until then.
  await waitFor(async () => (await client().get('/login')).status === 200, 60_000, 'the sign-in page')
  t.equal((await signInAs(client(), DEMO.email, DEMO.password)).status, 303, 'the demo account is there on a fresh start')
})

test('restart: a JWE session ended by "Log out everywhere" stays ended after the sandbox restarts', async t => {
  const laptop = client()
  await signInAs(laptop, DEMO.email, DEMO.password)
  const ended = laptop.cookie
  t.equal((await client(ended).get('/account')).status, 200, 'control: the first session is signed in')

  const phone = client()
  await signInAs(phone, DEMO.email, DEMO.password)
  const out = await phone.post('/account/logout-everywhere', {}, { from: (await phone.get('/account')).body })
  t.equal(out.status, 303, 'a second session logs out everywhere')
  t.equal((await client(ended).get('/account')).status, 303, 'the first session is signed out')
  const validSince = (await demoRow())?.sessionsValidSince
  t.ok(Number(validSince) > 0, 'the account records when sessions became valid again')

  const before = reloads()
  const prefs = join(copy.dir, 'prefs.arc')
  writeFileSync(prefs, readFileSync(prefs))
  await waitFor(async () => reloads() > before, 45_000, 'the sandbox to restart')
  await waitForSteady(async () => (await client().get('/login')).status === 200 && (await client().get('/account')).status === 303,
    2000, 45_000, 'the restarted sandbox to answer')
  t.pass('the sandbox restarted (prefs.arc rewritten, as every settings switch does)')

  const after = await client(ended).get('/account')
  t.equal(after.status, 303, 'the ended session is still signed out after the restart')
  t.equal(signedInAs((await client(ended).get('/')).body), undefined, 'no page shows it signed in')
  t.equal((await demoRow())?.sessionsValidSince, validSince, 'the demo account was not overwritten by the seed')
  t.equal((await signInAs(client(), DEMO.email, DEMO.password)).status, 303, 'and it still signs in with its password')
})

test('restart: stop the project copy', async t => {
  await copy.stop()
  const answered = await fetch(COPY_URL + '/').then(() => true, () => false)
  t.notOk(answered, 'the copy’s sandbox has stopped')
})

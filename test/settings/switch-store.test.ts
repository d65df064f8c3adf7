// The settings page in a project started the way `npm start` starts it, in a throwaway copy:
// an admin switches the sandbox from JWE to DynamoDB sessions and back, and accounts survive.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import test from 'tape'
import { DEMO, newEmail, registerAs, signInAs, signedInAs } from '../helpers/accounts.ts'
import { sessionClient } from '../helpers/http-client.ts'
import type { SessionClient } from '../helpers/http-client.ts'
import { COPY_PORTS, COPY_URL, startProjectCopy, waitForSteady } from '../helpers/project-copy.ts'
import type { RunningCopy } from '../helpers/project-copy.ts'
import { tableRows } from '../helpers/tables.ts'

const JWE_COOKIE = /^eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0\.\./
const SIGNED_ID_COOKIE = /^[\w-]{24}\.[\w+/]{43}$/

let copy: RunningCopy
const client = (cookie?: string) => sessionClient(cookie, COPY_URL)
const prefs = () => readFileSync(join(copy.dir, 'prefs.arc'), 'utf8')
const footerStore = async () => /data-testid="store">([^<]*)</.exec((await client().get('/')).body)?.[1]

/** After a restart the sandbox rebuilds every handler: wait until all the routes used here answer under `store`. */
async function settledOn (store: string): Promise<boolean> {
  const visitor = client()
  return await footerStore() === store &&
    (await visitor.get('/login')).status === 200 &&
    (await visitor.get('/settings')).status === 303
}

async function switchTesting (admin: SessionClient, store: string) {
  const page = await admin.get('/settings')
  return admin.post('/settings', { stage: 'testing', store }, { from: page.body })
}

test('settings: start the project copy with npm start', async t => {
  copy = await startProjectCopy()
  t.equal(await footerStore(), 'JWE cookie', 'the copy answers, with JWE sessions as prefs.arc says')
})

test('settings: only a signed-in admin sees or switches the settings', async t => {
  const anonymous = client()
  t.equal((await anonymous.get('/settings')).headers.get('location'), '/login?next=%2Fsettings', 'anonymous: sent to sign in')
  const member = client()
  await registerAs(member, newEmail('member'))
  t.equal((await member.get('/settings')).status, 403, 'a signed-in non-admin: 403')
  const posted = await member.post('/settings', { stage: 'testing', store: 'sessions' }, { from: (await member.get('/')).body })
  t.equal(posted.status, 403, 'and 403 for a switch')
  t.ok(prefs().includes('ARC_SESSION_TABLE_NAME jwe'), 'prefs.arc unchanged')
})

test('settings: the page shows each environment, and never a secret', async t => {
  const admin = client()
  await signInAs(admin, DEMO.email, DEMO.password)
  const page = await admin.get('/settings')
  t.equal(page.status, 200, 'the demo account (an admin in the sandbox) sees it')
  t.ok(page.body.includes('data-testid="store-testing">JWE cookie<'), 'testing: JWE')
  t.ok(/data-stage="testing"[\s\S]*?from prefs\.arc/.test(page.body), 'testing: from prefs.arc')
  t.ok(page.body.includes('data-testid="secret-testing">set, long enough<'), 'testing: the secret is set')
  t.ok(/data-stage="staging"[\s\S]*?Not connected to AWS from here[\s\S]*?npx arc env -e staging/.test(page.body), 'staging: not connected to AWS, and the command')
  t.ok(/data-stage="production"[\s\S]*?Not connected to AWS from here[\s\S]*?npx arc env -e production/.test(page.body), 'production too')
  t.notOk(/class="row-problems"[^>]*>[^]*?getaddrinfo/.test(page.body), 'no network error shown as a problem')
  t.ok(page.body.includes('data-testid="fallbacks-testing">none<'), 'testing: no secret fallbacks set')
  const secret = /ARC_APP_SECRET (\S+)/.exec(prefs())?.[1] ?? 'no secret found'
  t.notOk(page.body.includes(secret), 'the testing secret’s value appears nowhere')
})

test('settings: forged switches are refused with 400 and nothing is written', async t => {
  const admin = client()
  await signInAs(admin, DEMO.email, DEMO.password)
  const before = prefs()
  const page = await admin.get('/settings')
  const cases: [ string, Record<string, string> ][] = [
    [ 'an unknown environment', { stage: 'development', store: 'sessions' } ],
    [ 'an unknown store', { stage: 'testing', store: 'redis' } ],
    [ 'a table not keyed by _idx', { stage: 'testing', store: 'users' } ],
    [ 'an extra field', { stage: 'testing', store: 'sessions', ARC_APP_SECRET: 'x' } ],
    [ 'a missing store', { stage: 'testing' } ],
  ]
  for (const [ name, fields ] of cases) {
    const refused = await admin.post('/settings', fields, { from: page.body })
    t.equal(refused.status, 400, `${name}: 400`)
  }
  t.equal(prefs(), before, 'prefs.arc is byte for byte as it was')
})

test('settings: switching staging without AWS writes nothing and shows the command', async t => {
  const admin = client()
  await signInAs(admin, DEMO.email, DEMO.password)
  const before = prefs()
  const page = await admin.post('/settings', { stage: 'staging', store: 'sessions' }, { from: (await admin.get('/settings')).body })
  t.equal(page.status, 502, 'the page says AWS could not be used')
  t.ok(page.body.includes('Nothing was written'), 'and that nothing was written')
  t.ok(page.body.includes('npx arc env -e staging -a ARC_SESSION_TABLE_NAME sessions'), 'with the npx arc env command to run by hand')
  t.ok(page.body.includes('npm run deploy:staging'), 'and the deploy that applies it')
  t.equal(prefs(), before, 'prefs.arc is untouched')
})

test('settings: switch testing to DynamoDB and back; the pages say sessions carry over, accounts stay', async t => {
  const email = newEmail('survivor')
  await registerAs(client(), email)
  const admin = client()
  await signInAs(admin, DEMO.email, DEMO.password)
  t.match(admin.cookie ?? '', JWE_COOKIE, 'before: a JWE cookie')
  const before = prefs()

  const switching = await switchTesting(admin, 'sessions')
  t.equal(switching.status, 200, 'the switch is accepted')
  t.ok(switching.body.includes('<meta http-equiv="refresh" content="6;url=/settings?switched=testing">'), 'the page continues by itself once the sandbox restarted')
  t.ok(switching.body.includes('Sessions carry over: signed-in visitors stay signed in'), 'the waiting page says sessions carry over')
  t.notOk(/session[^<]*ends? with the switch/i.test(switching.body), 'and not that they end')
  t.equal(prefs(), before.replace('ARC_SESSION_TABLE_NAME jwe', 'ARC_SESSION_TABLE_NAME sessions'), 'prefs.arc changed in that one value, the rest intact')
  await waitForSteady(() => settledOn('DynamoDB table “sessions”'), 3000, 45_000, 'the sandbox to restart with DynamoDB sessions')
  t.pass('the running sandbox picked the change up by itself')

  const back = client()
  await signInAs(back, DEMO.email, DEMO.password, '/settings?switched=testing')
  t.match(decodeURIComponent(back.cookie ?? ''), SIGNED_ID_COOKIE, 'signing in now gives a signed DynamoDB id, not a JWE token')
  const rows = await tableRows('sessions', COPY_PORTS.tables)
  t.ok(rows.some(row => row.userEmail === DEMO.email), 'and the sessions table has the row')
  const settings = await back.get('/settings?switched=testing')
  t.ok(settings.body.includes('The sandbox switched session store'), 'the settings page explains what happened')
  t.ok(settings.body.includes('each session moves to the new store at its next request'), 'saying that sessions carry over')
  t.notOk(/sign in again|ended with it/.test(settings.body), 'not that everyone was signed out')
  t.ok(settings.body.includes('data-testid="store-testing">DynamoDB “sessions”<'), 'and shows DynamoDB in effect')
  t.equal((await signInAs(client(), email, 'a long enough password')).status, 303, 'the account registered before the switch still signs in')

  await switchTesting(back, 'jwe')
  await waitForSteady(() => settledOn('JWE cookie'), 3000, 45_000, 'the sandbox to restart with JWE sessions')
  const again = client()
  await signInAs(again, email, 'a long enough password')
  t.match(again.cookie ?? '', JWE_COOKIE, 'back on JWE: the account signs in with a JWE cookie')
  t.equal(signedInAs((await again.get('/')).body), email, 'and is signed in')
  t.equal(prefs(), before, 'prefs.arc is back to what it was')
})

test('settings: stop the project copy', async t => {
  await copy.stop()
  const answered = await fetch(COPY_URL + '/').then(() => true, () => false)
  t.notOk(answered, 'the copy’s sandbox has stopped: nothing answers on its port')
})

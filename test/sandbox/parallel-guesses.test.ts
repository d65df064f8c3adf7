// The lockout under concurrency: many sign-ins for one email at once still get at most 5 password
// checks in 15 minutes. A user can count them: each "did not work" answer (400) is one scrypt check;
// a 429 comes back without one, and at once.
import test from 'tape'
import { newEmail, registerAs } from '../helpers/accounts.ts'
import { sessionClient } from '../helpers/http-client.ts'
import type { Page } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { tableRows } from '../helpers/tables.ts'

const store = storeUnderTest()
const RIGHT = 'a long enough password'
const WRONG = 'wrong password!'
const WRONG_CREDENTIALS = 'That email and password did not work'

interface Answer { status: number, ms: number, checked: boolean }

/** 20 browsers, each with the sign-in form already open (so the burst is only the POSTs). */
async function browsersWithForm (count: number) {
  return Promise.all(Array.from({ length: count }, async () => {
    const client = sessionClient()
    const form = await client.get('/login')
    return { client, form: form.body }
  }))
}

async function attempt (
  { client, form }: { client: ReturnType<typeof sessionClient>, form: string }, email: string, password: string,
): Promise<Answer> {
  const started = Date.now()
  const page: Page = await client.post('/login', { email, password }, { from: form })
  return { status: page.status, ms: Date.now() - started, checked: page.status === 400 && page.body.includes(WRONG_CREDENTIALS) }
}

async function lockoutRow (email: string): Promise<Record<string, unknown> | undefined> {
  return (await tableRows('lockouts')).find(row => row.email === email)
}

/** The lockout row is what the answers say: one reservation per check that failed, none other. */
async function rowAgrees (t: test.Test, email: string, checks: number) {
  const row = await lockoutRow(email)
  const reserved = Array.isArray(row?.checks) ? row.checks as number[] : []
  t.equal(reserved.length, checks, `the lockout row holds exactly the ${checks} failed checks, nothing left over`)
  t.deepEqual(reserved, [ ...reserved ].sort((a, b) => a - b), 'oldest first')
  t.ok(reserved.every(at => at > Date.now() - 15 * 60 * 1000 && at <= Date.now()), 'all within the last 15 minutes')
  const last = reserved[reserved.length - 1] ?? 0
  t.equal(row?.expiresAt, Math.ceil((last + 15 * 60 * 1000) / 1000), 'and it expires when the last of them leaves the window')
}

test(`${store}: 19 wrong passwords at once, then the right one while they run: at most 5 checks, and no sign-in`, async t => {
  const email = newEmail('parallel')
  await registerAs(sessionClient(), email, RIGHT)
  const browsers = await browsersWithForm(20)
  const [ last, ...rest ] = browsers
  if (!last) throw new Error('no browser')
  let answered = 0
  const wrong = rest.map(b => attempt(b, email, WRONG).then(answer => { answered++; return answer }))
  // Send the right password once 5 checks are reserved (or every wrong one has answered).
  const deadline = Date.now() + 60_000
  for (;;) {
    const row = await lockoutRow(email)
    if (Array.isArray(row?.checks) && row.checks.length >= 5) break
    if (answered === rest.length || Date.now() > deadline) break
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  const inFlight = rest.length - answered
  const right = await attempt(last, email, RIGHT)
  const answers = await Promise.all(wrong)
  const checks = answers.filter(a => a.checked).length
  console.log(`# ${store}: ${checks} scrypt checks for 19 concurrent wrong passwords; the right one sent with ${inFlight} still in flight`)
  t.ok(checks <= 5, `at most 5 wrong passwords were checked (${checks})`)
  t.equal(right.status, 429, 'the right password, sent while they run, gets 429: not checked, not signed in')
  t.equal(last.client.cookie, undefined, 'and no session cookie')
  t.ok(answers.every(a => a.status === 400 || a.status === 429), `every wrong one got 400 or 429, none a 5xx (${answers.map(a => a.status).join(' ')})`)
  t.equal(answers.filter(a => a.status === 400 && !a.checked).length, 0, 'every 400 is the wrong-credentials answer')
  const refused = answers.filter(a => a.status === 429).map(a => a.ms).sort((a, b) => a - b)
  const failed = answers.filter(a => a.checked).map(a => a.ms).sort((a, b) => a - b)
  console.log(`# ${store}: median ms, 429: ${refused[refused.length >> 1]}, 400 (checked): ${failed[failed.length >> 1]}`)
  await rowAgrees(t, email, checks)
})

test(`${store}: 20 sign-ins at once, the right password among them: at most 5 checks in all, no 5xx`, async t => {
  const email = newEmail('burst')
  await registerAs(sessionClient(), email, RIGHT)
  const browsers = await browsersWithForm(20)
  const answers = await Promise.all(browsers.map((b, i) => attempt(b, email, i === 10 ? RIGHT : WRONG)))
  const right = answers[10]
  const checks = answers.filter(a => a.checked).length + (right?.status === 303 ? 1 : 0)
  console.log(`# ${store}: ${checks} scrypt checks for 20 concurrent attempts (the right one: ${right?.status})`)
  t.ok(checks <= 5, `at most 5 passwords were checked (${checks}), the right one included if it was`)
  t.ok(answers.every(a => [ 303, 400, 429 ].includes(a.status)), `303, 400 or 429 only, no 5xx (${answers.map(a => a.status).join(' ')})`)
  t.equal(answers.filter((a, i) => i !== 10 && a.status === 303).length, 0, 'no wrong password signed in')
  if (right?.status === 303) t.pass('the right password was one of the ≤ 5 checks, so it signed in')
  else t.equal(right?.status, 429, 'the right password came after 5 reservations: 429, not checked')
})

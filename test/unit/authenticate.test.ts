// Checking a password behind the lockout, with in-memory account tables that have DynamoDB's
// conditional writes. Accounts are hashed at CHEAP_SCRYPT; a successful sign-in upgrades such a
// hash to today's cost, and an unknown email or a new registration runs scrypt at today's cost,
// so those few tests take about a second each.
import test from 'tape'
import type { AccountTables } from '../../src/shared/accounts/account-tables.ts'
import { authenticate, register } from '../../src/shared/accounts/authenticate.ts'
import { readCredentials } from '../../src/shared/accounts/credentials.ts'
import type { Credentials } from '../../src/shared/accounts/credentials.ts'
import { reserveCheck } from '../../src/shared/accounts/lockout.ts'
import type { LockoutRecord } from '../../src/shared/accounts/lockout.ts'
import { needsRehash, verifyPassword } from '../../src/shared/accounts/passwords.ts'
import { NOW_MS, accountWithPassword, memoryAccounts } from './_fixtures.ts'
import type { MemoryAccounts } from './_fixtures.ts'

const EMAIL = 'ada@example.com'
const PASSWORD = 'correct horse battery staple'
const WRONG = 'incorrect horse battery staple'
const MINUTE = 60 * 1000

/** Memory tables holding Ada's account, hashed cheaply. */
async function withAda (): Promise<MemoryAccounts> {
  return memoryAccounts([ await accountWithPassword(EMAIL, PASSWORD) ])
}

/** Credentials as the sign-in form would produce them. */
function typed (email: string, password: string): Credentials {
  const check = readCredentials({ email, password })
  if (!check.ok) throw new Error(`test credentials refused: ${check.problems.join(' ')}`)
  return check.credentials
}

/** `count` failed attempts for `email`, one second apart from `start`: the results, in order. */
async function failures (accounts: MemoryAccounts, email: string, count: number, start: number = NOW_MS) {
  const results = []
  for (let i = 0; i < count; i++) results.push(await authenticate(typed(email, WRONG), start + i * 1000, accounts.tables))
  return results
}

/** A lockout record with `count` reserved checks for `email`, one second apart, the last one at `last`. */
function reservedChecks (email: string, count: number, last: number = NOW_MS): LockoutRecord {
  let record: LockoutRecord | undefined
  for (let i = count - 1; i >= 0; i--) {
    const reservation = reserveCheck(record, email, last - i * 1000)
    if (reservation.ok) record = reservation.record
  }
  if (!record) throw new Error('no checks')
  return record
}

/** How many passwords were checked: every check looks the account up exactly once, after its reservation. */
function checksIn (accounts: MemoryAccounts): number {
  return accounts.calls.filter(call => call.op === 'users.get').length
}

test('the right password signs in, and a hash made at a lower cost is upgraded to today\'s cost', async t => {
  const accounts = await withAda()
  const before = accounts.users.get(EMAIL)?.passwordHash ?? ''
  t.equal(needsRehash(before), true, 'control: the stored hash is below today\'s cost')
  const result = await authenticate(typed(EMAIL, PASSWORD), NOW_MS, accounts.tables)
  t.equal(result.ok, true, 'ok')
  t.equal(result.ok && result.user.email, EMAIL, 'the user is Ada')
  const upgrades = accounts.calls.filter(call => call.op === 'users.setPasswordHash')
  t.equal(upgrades.length, 1, 'setPasswordHash was called once')
  const upgraded = upgrades[0]?.op === 'users.setPasswordHash' ? upgrades[0].passwordHash : ''
  t.match(upgraded, /^scrypt\$17\$8\$1\$/, 'with a hash at today\'s cost (scrypt$17$8$1$…)')
  t.equal(await verifyPassword(PASSWORD, upgraded), true, 'the new hash verifies the same password')
  t.equal(accounts.users.get(EMAIL)?.passwordHash, upgraded, 'and it is stored')
  t.deepEqual(accounts.lockouts.get(EMAIL)?.checks, [], 'the check was reserved, then released: no check is left counted')
})

test('the check is reserved before the password is looked at', async t => {
  const accounts = await withAda()
  await authenticate(typed(EMAIL, WRONG), NOW_MS, accounts.tables)
  const ops = accounts.calls.map(call => call.op === 'lockouts.save' ? `${call.op}:${call.saved}` : call.op)
  t.deepEqual(ops, [ 'lockouts.get', 'lockouts.save:true', 'users.get' ], 'read the row, reserve (a conditional write), then the account')
})

test('a wrong password and an unknown email get the same answer, and both leave one check counted', async t => {
  const accounts = await withAda()
  const wrong = await authenticate(typed(EMAIL, WRONG), NOW_MS, accounts.tables)
  t.deepEqual(wrong, { ok: false, reason: 'wrong-credentials' }, 'wrong password: wrong-credentials')
  t.deepEqual(accounts.lockouts.get(EMAIL)?.checks, [ NOW_MS ], 'wrong password: its reservation stays, as a failure')

  const unknown = await authenticate(typed('nobody@example.com', PASSWORD), NOW_MS, accounts.tables)
  t.deepEqual(unknown, { ok: false, reason: 'wrong-credentials' }, 'unknown email: the very same answer')
  t.deepEqual(accounts.lockouts.get('nobody@example.com')?.checks, [ NOW_MS ], 'unknown email: one check counted too, as for an account')
  t.notOk(accounts.users.has('nobody@example.com'), 'no account was created')
  t.notOk(accounts.calls.some(call => call.op === 'users.setPasswordHash'), 'no hash was written')
})

test('five failed checks use up the window: the sixth attempt is refused without a check, until the first leaves it', async t => {
  const accounts = await withAda()
  const results = await failures(accounts, EMAIL, 5)
  t.deepEqual(results, Array(5).fill({ ok: false, reason: 'wrong-credentials' }), 'attempts 1 to 5: checked, wrong-credentials')
  accounts.calls.length = 0
  const sixth = await authenticate(typed(EMAIL, PASSWORD), NOW_MS + 5 * MINUTE, accounts.tables)
  t.deepEqual(sixth, { ok: false, reason: 'locked', until: NOW_MS + 15 * MINUTE }, 'the sixth, with the right password: locked until the first check is 15 minutes old')
  t.deepEqual(accounts.calls, [ { op: 'lockouts.get', email: EMAIL } ], 'only the lockout was read: nothing written, the account not even looked up')
  const later = await authenticate(typed(EMAIL, PASSWORD), NOW_MS + 15 * MINUTE, accounts.tables)
  t.equal(later.ok, true, 'once the first check is 15 minutes old, the right password works')
})

test('20 attempts at once, the right password sent while 19 wrong ones run: at most 5 checks, and no sign-in', async t => {
  const accounts = await withAda()
  const wrong = Array.from({ length: 19 }, () => authenticate(typed(EMAIL, WRONG), NOW_MS, accounts.tables))
  // Wait until the row holds 5 reservations while the wrong ones are still running.
  while ((accounts.lockouts.get(EMAIL)?.checks.length ?? 0) < 5) await new Promise(resolve => setImmediate(resolve))
  const right = await authenticate(typed(EMAIL, PASSWORD), NOW_MS, accounts.tables)
  const results = await Promise.all(wrong)
  t.deepEqual(right, { ok: false, reason: 'locked', until: NOW_MS + 15 * MINUTE }, 'the right password: locked, not checked')
  t.equal(checksIn(accounts), 5, 'exactly 5 passwords were checked')
  t.equal(results.filter(r => !r.ok && r.reason === 'wrong-credentials').length, 5, '5 wrong-credentials answers, one per check')
  t.equal(results.filter(r => !r.ok && r.reason === 'locked').length, 14, 'the 14 others: locked, without a check')
  t.deepEqual(accounts.lockouts.get(EMAIL)?.checks, Array(5).fill(NOW_MS), 'the row holds the 5 failed checks, nothing else')
})

test('20 attempts at once with the right password among them: at most 5 checks whichever order they land in', async t => {
  for (let round = 0; round < 5; round++) {
    const accounts = await withAda()
    const attempts = Array.from({ length: 20 }, (_, i) => typed(EMAIL, i === 10 ? PASSWORD : WRONG))
    const results = await Promise.all(attempts.map(credentials => authenticate(credentials, NOW_MS, accounts.tables)))
    const signedIn = results.filter(r => r.ok).length
    t.ok(checksIn(accounts) <= 5, `round ${round + 1}: ${checksIn(accounts)} checks (right password ${signedIn ? 'among them' : 'refused'})`)
    t.equal(results.filter((r, i) => i !== 10 && r.ok).length, 0, `round ${round + 1}: no wrong password signed in`)
  }
})

test('an email with no account locks the same way, so a lockout reveals nothing about who is registered', async t => {
  const ghost = 'nobody@example.com'
  // Five checks already counted (each would cost a full-cost scrypt to make for real).
  const accounts = memoryAccounts([], [ reservedChecks(ghost, 5, NOW_MS - 1000) ])
  const next = await authenticate(typed(ghost, PASSWORD), NOW_MS, accounts.tables)
  t.deepEqual(next, { ok: false, reason: 'locked', until: NOW_MS - 5000 + 15 * MINUTE }, 'the next attempt: locked')
  t.deepEqual(accounts.calls, [ { op: 'lockouts.get', email: ghost } ], 'refused after reading only the lockout, as for a real account')
})

test('the right password clears the failures before it: counting starts afresh', async t => {
  const accounts = await withAda()
  await failures(accounts, EMAIL, 4)
  t.equal(accounts.lockouts.get(EMAIL)?.checks.length, 4, 'control: four failed checks')
  const result = await authenticate(typed(EMAIL, PASSWORD), NOW_MS + 5000, accounts.tables)
  t.equal(result.ok, true, 'the right password: ok')
  t.deepEqual(accounts.lockouts.get(EMAIL)?.checks, [], 'the failures are cleared')
  const again = await failures(accounts, EMAIL, 5, NOW_MS + 10000)
  t.deepEqual(again.map(r => r.ok === false && r.reason), Array(5).fill('wrong-credentials'), 'five more are checked before the next lock')
})

test('a reservation that loses a race re-reads the row and tries again, and is not lost', async t => {
  const accounts = await withAda()
  await failures(accounts, EMAIL, 1, NOW_MS - 2000)
  let reads = 0
  // Between this request's read and its write, another request reserves a check.
  const racing: AccountTables = {
    users: accounts.tables.users,
    lockouts: {
      async get (email) {
        const record = await accounts.tables.lockouts.get(email)
        const other = reserveCheck(record, email, NOW_MS - 1000)
        if (++reads === 1 && other.ok) accounts.lockouts.set(email, other.record)
        return record
      },
      save: record => accounts.tables.lockouts.save(record),
    },
  }
  accounts.calls.length = 0
  const result = await authenticate(typed(EMAIL, WRONG), NOW_MS, racing)
  t.deepEqual(result, { ok: false, reason: 'wrong-credentials' }, 'wrong-credentials')
  const saves = accounts.calls.flatMap(call => call.op === 'lockouts.save' ? [ call.saved ] : [])
  t.deepEqual(saves, [ false, true ], 'the first write lost the race, the second (after a re-read) won')
  t.deepEqual(accounts.lockouts.get(EMAIL)?.checks, [ NOW_MS - 2000, NOW_MS - 1000, NOW_MS ], 'all three checks are counted')
})

test('registering a new email creates the account, normalised, and signs in', async t => {
  const accounts = memoryAccounts()
  const result = await register(typed('  New.Person@Example.COM ', PASSWORD), NOW_MS, accounts.tables)
  t.equal(result.ok, true, 'ok')
  t.equal(result.ok && result.created, true, 'created: true')
  const stored = accounts.users.get('new.person@example.com')
  t.ok(stored, 'the account is stored under the normalised email')
  t.equal(stored?.createdAt, NOW_MS, 'createdAt is now')
  t.equal(stored?.sessionsValidSince, 0, 'sessionsValidSince is 0: no "log out everywhere" yet')
  t.match(stored?.passwordHash ?? '', /^scrypt\$17\$8\$1\$/, 'the password is hashed at today\'s cost')
  t.equal(await verifyPassword(PASSWORD, stored?.passwordHash ?? ''), true, 'and the hash verifies the password')
  t.deepEqual(result.ok && result.user, stored, 'the result carries the new account')
  t.deepEqual(accounts.lockouts.get('new.person@example.com')?.checks, [], 'its check was reserved, then released like a sign-in\'s')
})

test('registering a taken email with a wrong password is the same refusal as a sign-in, and counts toward the lock', async t => {
  const accounts = await withAda()
  const result = await register(typed(EMAIL, WRONG), NOW_MS, accounts.tables)
  t.deepEqual(result, { ok: false, reason: 'wrong-credentials' }, 'wrong-credentials, as a sign-in would say')
  t.equal(accounts.lockouts.get(EMAIL)?.checks.length, 1, 'one check counted')
  t.notOk(accounts.calls.some(call => call.op === 'users.create'), 'no account creation was even attempted')
  await failures(accounts, EMAIL, 4, NOW_MS + 1000)
  const locked = await register(typed(EMAIL, PASSWORD), NOW_MS + 6000, accounts.tables)
  t.deepEqual(locked, { ok: false, reason: 'locked', until: NOW_MS + 15 * MINUTE }, 'after five checks, registering with the right password is refused too')
})

test('registering a taken email with its right password signs in, without creating anything', async t => {
  const accounts = await withAda()
  const original = accounts.users.get(EMAIL)
  const result = await register(typed(EMAIL, PASSWORD), NOW_MS + MINUTE, accounts.tables)
  t.equal(result.ok, true, 'ok')
  t.equal(result.created, undefined, 'created is not set')
  t.equal(result.ok && result.user.createdAt, original?.createdAt, 'the existing account')
  t.notOk(accounts.calls.some(call => call.op === 'users.create'), 'no creation attempted')
})

test('a look-alike of a locked address meets the same lock', async t => {
  const accounts = memoryAccounts([ await accountWithPassword(EMAIL, PASSWORD) ], [ reservedChecks(EMAIL, 5) ])
  for (const variant of [ 'ＡＤＡ@example.com', ' Ada@EXAMPLE.com ', 'ada@ｅxample.com' ]) {
    const result = await authenticate(typed(variant, PASSWORD), NOW_MS + 1000, accounts.tables)
    t.equal(result.ok === false && result.reason, 'locked', `${JSON.stringify(variant)}: locked, as ${EMAIL} is`)
  }
})

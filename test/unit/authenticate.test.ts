// Checking a password behind the lockout, with in-memory account tables. Accounts are hashed at
// CHEAP_SCRYPT; a successful sign-in upgrades such a hash to today's cost, and an unknown email
// or a new registration runs scrypt at today's cost, so those few tests take about a second each.
import test from 'tape'
import type { AccountTables } from '../../src/shared/accounts/account-tables.ts'
import { authenticate, register } from '../../src/shared/accounts/authenticate.ts'
import { readCredentials } from '../../src/shared/accounts/credentials.ts'
import type { Credentials } from '../../src/shared/accounts/credentials.ts'
import { afterFailure } from '../../src/shared/accounts/lockout.ts'
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

/** A lockout record with `count` recent failures for `email`, the last one at `last`. */
function recentFailures (email: string, count: number, last: number = NOW_MS): LockoutRecord | undefined {
  let record: LockoutRecord | undefined
  for (let i = count - 1; i >= 0; i--) record = afterFailure(record, email, last - i * 1000)
  return record
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
  t.equal(accounts.lockouts.size, 0, 'no lockout record was written')
})

test('a wrong password and an unknown email get the same answer, and both count as a failure', async t => {
  const accounts = await withAda()
  const wrong = await authenticate(typed(EMAIL, WRONG), NOW_MS, accounts.tables)
  t.deepEqual(wrong, { ok: false, reason: 'wrong-credentials' }, 'wrong password: wrong-credentials')
  t.deepEqual(accounts.lockouts.get(EMAIL)?.failures, [ NOW_MS ], 'wrong password: one failure recorded for the account')

  const unknown = await authenticate(typed('nobody@example.com', PASSWORD), NOW_MS, accounts.tables)
  t.deepEqual(unknown, { ok: false, reason: 'wrong-credentials' }, 'unknown email: the very same answer')
  t.deepEqual(accounts.lockouts.get('nobody@example.com')?.failures, [ NOW_MS ], 'unknown email: a failure recorded too, as for an account')
  t.notOk(accounts.users.has('nobody@example.com'), 'no account was created')
  t.notOk(accounts.calls.some(call => call.op === 'users.setPasswordHash'), 'no hash was written')
})

test('five failures lock the account: the fifth itself says locked, and the lock lasts 15 minutes', async t => {
  const accounts = await withAda()
  const results = await failures(accounts, EMAIL, 5)
  t.deepEqual(results.slice(0, 4), Array(4).fill({ ok: false, reason: 'wrong-credentials' }), 'failures 1 to 4: wrong-credentials')
  t.deepEqual(results[4], { ok: false, reason: 'locked', until: NOW_MS + 4000 + 15 * MINUTE }, 'failure 5: locked, until 15 minutes after it')
})

test('while locked, even the right password is refused, without being checked', async t => {
  const accounts = await withAda()
  await failures(accounts, EMAIL, 5)
  const until = NOW_MS + 4000 + 15 * MINUTE
  accounts.calls.length = 0
  const right = await authenticate(typed(EMAIL, PASSWORD), NOW_MS + 5 * MINUTE, accounts.tables)
  t.deepEqual(right, { ok: false, reason: 'locked', until }, 'the right password: locked, with the same end')
  t.deepEqual(accounts.calls, [ { op: 'lockouts.get', email: EMAIL } ], 'only the lockout was read: the account was not even looked up')
  const wrong = await authenticate(typed(EMAIL, WRONG), until - 1, accounts.tables)
  t.deepEqual(wrong, { ok: false, reason: 'locked', until }, 'a wrong password 1 ms before the end: locked, the lock not extended')
})

test('an email with no account locks the same way, so a lockout reveals nothing about who is registered', async t => {
  const ghost = 'nobody@example.com'
  // Four failures already recorded (each would cost a full-cost scrypt to make for real).
  const accounts = memoryAccounts([], [ recentFailures(ghost, 4, NOW_MS - 1000) as LockoutRecord ])
  const fifth = await authenticate(typed(ghost, PASSWORD), NOW_MS, accounts.tables)
  t.deepEqual(fifth, { ok: false, reason: 'locked', until: NOW_MS + 15 * MINUTE }, 'the fifth failure: locked, until 15 minutes later')
  accounts.calls.length = 0
  const next = await authenticate(typed(ghost, PASSWORD), NOW_MS + MINUTE, accounts.tables)
  t.deepEqual(next, { ok: false, reason: 'locked', until: NOW_MS + 15 * MINUTE }, 'the next attempt: locked')
  t.deepEqual(accounts.calls, [ { op: 'lockouts.get', email: ghost } ], 'refused after reading only the lockout, as for a real account')
})

test('once the lock has passed, the right password works and clears the failures', async t => {
  const accounts = await withAda()
  await failures(accounts, EMAIL, 5)
  const unlocked = NOW_MS + 4000 + 15 * MINUTE
  await failures(accounts, EMAIL, 2, unlocked)
  t.equal(accounts.lockouts.get(EMAIL)?.failures.length, 2, 'control: two new failures after the lock')
  const result = await authenticate(typed(EMAIL, PASSWORD), unlocked + 5000, accounts.tables)
  t.equal(result.ok, true, 'the right password: ok')
  t.deepEqual(accounts.lockouts.get(EMAIL)?.failures, [], 'the failures are cleared')
  const again = await failures(accounts, EMAIL, 4, unlocked + 10000)
  t.deepEqual(again.map(r => r.ok === false && r.reason), Array(4).fill('wrong-credentials'), 'four more failures do not lock: counting started afresh')
})

test('a failure recorded while another request wrote the same lockout is retried, not lost', async t => {
  const accounts = await withAda()
  await failures(accounts, EMAIL, 1, NOW_MS - 2000)
  let reads = 0
  // The second read (recordFailure's) is overtaken by another request's failure before it saves.
  const racing: AccountTables = {
    users: accounts.tables.users,
    lockouts: {
      async get (email) {
        const record = await accounts.tables.lockouts.get(email)
        if (++reads === 2) accounts.lockouts.set(email, afterFailure(record, email, NOW_MS - 1000))
        return record
      },
      save: record => accounts.tables.lockouts.save(record),
    },
  }
  accounts.calls.length = 0
  const result = await authenticate(typed(EMAIL, WRONG), NOW_MS, racing)
  t.deepEqual(result, { ok: false, reason: 'wrong-credentials' }, 'wrong-credentials')
  const saves = accounts.calls.flatMap(call => call.op === 'lockouts.save' ? [ call.saved ] : [])
  t.deepEqual(saves, [ false, true ], 'the first save lost the race, the second (after a re-read) won')
  t.deepEqual(accounts.lockouts.get(EMAIL)?.failures, [ NOW_MS - 2000, NOW_MS - 1000, NOW_MS ], 'all three failures are counted')
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
})

test('registering a taken email with a wrong password is the same refusal as a sign-in, and counts toward the lock', async t => {
  const accounts = await withAda()
  const result = await register(typed(EMAIL, WRONG), NOW_MS, accounts.tables)
  t.deepEqual(result, { ok: false, reason: 'wrong-credentials' }, 'wrong-credentials, as a sign-in would say')
  t.equal(accounts.lockouts.get(EMAIL)?.failures.length, 1, 'one failure counted')
  t.notOk(accounts.calls.some(call => call.op === 'users.create'), 'no account creation was even attempted')
  await failures(accounts, EMAIL, 3, NOW_MS + 1000)
  const fifth = await register(typed(EMAIL, WRONG), NOW_MS + 5000, accounts.tables)
  t.deepEqual(fifth, { ok: false, reason: 'locked', until: NOW_MS + 5000 + 15 * MINUTE }, 'a fifth failure through registering locks the account')
  const locked = await register(typed(EMAIL, PASSWORD), NOW_MS + 6000, accounts.tables)
  t.equal(locked.ok === false && locked.reason, 'locked', 'while locked, registering with the right password is refused too')
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

// The lockout rule as pure functions: 5 failed sign-ins within 15 minutes lock the account for
// 15 minutes; older failures drop out of the window; the row says when DynamoDB may delete it.
import test from 'tape'
import { LOCKOUT, afterFailure, lockedUntil } from '../../src/shared/accounts/lockout.ts'
import type { LockoutRecord } from '../../src/shared/accounts/lockout.ts'
import { NOW_MS } from './_fixtures.ts'

const EMAIL = 'ada@example.com'
const MINUTE = 60 * 1000

/** The record after a failure at each of these times, in order, starting from no record. */
function failuresAt (times: number[], start?: LockoutRecord): LockoutRecord | undefined {
  return times.reduce<LockoutRecord | undefined>((record, at) => afterFailure(record, EMAIL, at), start)
}

test('the rule is 5 failures within 15 minutes, then a 15-minute lock', t => {
  t.deepEqual(LOCKOUT, { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE }, '5 failures, 15-minute window, 15-minute lock')
  t.end()
})

test('four failures within 15 minutes do not lock the account', t => {
  const record = failuresAt([ 0, 1, 2, 3 ].map(m => NOW_MS + m * MINUTE))
  t.equal(record?.email, EMAIL, 'the record is for the email')
  t.deepEqual(record?.failures, [ 0, 1, 2, 3 ].map(m => NOW_MS + m * MINUTE), 'all four failures are kept, oldest first')
  t.equal(record?.lockedUntil, undefined, 'no lock')
  t.equal(lockedUntil(record, NOW_MS + 3 * MINUTE), undefined, 'lockedUntil: not locked')
  t.end()
})

test('the fifth failure within 15 minutes locks the account for 15 minutes and empties the failures', t => {
  const fifth = NOW_MS + 14 * MINUTE
  const record = failuresAt([ 0, 1, 2, 3 ].map(m => NOW_MS + m * MINUTE).concat(fifth))
  t.equal(record?.lockedUntil, fifth + 15 * MINUTE, 'locked until 15 minutes after the fifth failure')
  t.deepEqual(record?.failures, [], 'the failures are emptied (after the lock, counting starts afresh)')
  t.equal(lockedUntil(record, fifth), fifth + 15 * MINUTE, 'lockedUntil at the fifth failure: the end of the lock')
  t.end()
})

test('failures older than 15 minutes drop out: five failures spread over 20 minutes do not lock', t => {
  const times = [ 0, 5, 10, 15, 20 ].map(m => NOW_MS + m * MINUTE)
  const record = failuresAt(times)
  t.equal(record?.lockedUntil, undefined, 'no lock')
  t.deepEqual(record?.failures, times.slice(2), 'only the failures of the last 15 minutes remain (exactly 15 minutes old is out)')
  const sixth = afterFailure(record, EMAIL, NOW_MS + 21 * MINUTE)
  t.equal(sixth.lockedUntil, undefined, 'a sixth at 21 minutes: still only 4 in the window, no lock')
  const seventh = afterFailure(sixth, EMAIL, NOW_MS + 22 * MINUTE)
  t.equal(seventh.lockedUntil, NOW_MS + 37 * MINUTE, 'a seventh at 22 minutes makes 5 in the window: locked')
  t.end()
})

test('every failure increments the record\'s version, for the conditional write', t => {
  const first = afterFailure(undefined, EMAIL, NOW_MS)
  t.equal(first.version, 1, 'a new record starts at version 1')
  const second = afterFailure(first, EMAIL, NOW_MS + 1000)
  t.equal(second.version, 2, 'then 2')
  const fromStored = afterFailure({ email: EMAIL, failures: [], expiresAt: 0, version: 41 }, EMAIL, NOW_MS)
  t.equal(fromStored.version, 42, 'one more than the stored version')
  t.end()
})

test('the row expires (in seconds) only after both the failure window and the lock have passed', t => {
  const one = afterFailure(undefined, EMAIL, NOW_MS)
  t.equal(one.expiresAt, (NOW_MS + 15 * MINUTE) / 1000, 'one failure: kept for the 15-minute window, in epoch seconds')
  const locked = failuresAt([ 0, 1, 2, 3, 4 ].map(m => NOW_MS + m * MINUTE))
  t.equal(locked?.expiresAt, (NOW_MS + 19 * MINUTE) / 1000, 'locked at minute 4: kept until the lock ends at minute 19')
  const odd = afterFailure(undefined, EMAIL, NOW_MS + 1)
  t.equal(odd.expiresAt, Math.ceil((NOW_MS + 1 + 15 * MINUTE) / 1000), 'rounded up to the next second, never early')
  t.ok(Number.isInteger(odd.expiresAt), 'whole seconds')
  t.end()
})

test('a failure recorded during a lock keeps the lock as it was', t => {
  const locked = failuresAt([ 0, 1, 2, 3, 4 ].map(m => NOW_MS + m * MINUTE))
  const during = afterFailure(locked, EMAIL, NOW_MS + 10 * MINUTE)
  t.equal(during.lockedUntil, NOW_MS + 19 * MINUTE, 'the lock still ends at minute 19, not extended')
  t.ok(during.expiresAt * 1000 >= NOW_MS + 25 * MINUTE, 'the row is kept for this failure\'s window')
  t.end()
})

test('lockedUntil says when the lock ends while it lasts, and nothing once it is over', t => {
  const until = NOW_MS + 15 * MINUTE
  const record: LockoutRecord = { email: EMAIL, failures: [], lockedUntil: until, expiresAt: until / 1000, version: 5 }
  t.equal(lockedUntil(record, NOW_MS), until, 'at the start: locked until the end')
  t.equal(lockedUntil(record, until - 1), until, '1 ms before the end: still locked')
  t.equal(lockedUntil(record, until), undefined, 'at the end: unlocked')
  t.equal(lockedUntil(record, until + MINUTE), undefined, 'after: unlocked')
  t.equal(lockedUntil(undefined, NOW_MS), undefined, 'no record: unlocked')
  t.equal(lockedUntil({ ...record, lockedUntil: undefined }, NOW_MS), undefined, 'a record without a lock: unlocked')
  t.end()
})

test('a failure after a lock has ended starts counting afresh, without the old lock', t => {
  const locked = failuresAt([ 0, 1, 2, 3, 4 ].map(m => NOW_MS + m * MINUTE))
  const after = afterFailure(locked, EMAIL, NOW_MS + 20 * MINUTE)
  t.equal(after.lockedUntil, undefined, 'the ended lock is not carried over')
  t.deepEqual(after.failures, [ NOW_MS + 20 * MINUTE ], 'one failure counted')
  t.equal(lockedUntil(after, NOW_MS + 20 * MINUTE), undefined, 'not locked')
  t.end()
})

// The lockout rule as pure functions: at most 5 password checks per email in any 15 minutes, each
// reserved before it runs; a success drops its reservation and the failures before it; the row
// says when DynamoDB may delete it.
import test from 'tape'
import { LOCKOUT, afterSuccess, lockedUntil, reserveCheck } from '../../src/shared/accounts/lockout.ts'
import type { LockoutRecord } from '../../src/shared/accounts/lockout.ts'
import { NOW_MS } from './_fixtures.ts'

const EMAIL = 'ada@example.com'
const MINUTE = 60 * 1000

/** The record after a reservation at each of these times, in order, starting from `start`; throws if one is refused. */
function reservedAt (times: number[], start?: LockoutRecord): LockoutRecord | undefined {
  return times.reduce<LockoutRecord | undefined>((record, at) => {
    const reservation = reserveCheck(record, EMAIL, at)
    if (!reservation.ok) throw new Error(`reservation at ${at} refused`)
    return reservation.record
  }, start)
}

test('the rule is 5 checks in any 15 minutes', t => {
  t.deepEqual(LOCKOUT, { maxChecks: 5, windowMs: 15 * MINUTE }, '5 checks, 15-minute window')
  t.end()
})

test('five checks within 15 minutes are reserved, oldest first; the sixth is refused until the oldest leaves the window', t => {
  const times = [ 0, 1, 2, 3, 14 ].map(m => NOW_MS + m * MINUTE)
  const record = reservedAt(times)
  t.equal(record?.email, EMAIL, 'the record is for the email')
  t.deepEqual(record?.checks, times, 'all five reservations are kept, oldest first')
  t.deepEqual(reserveCheck(record, EMAIL, NOW_MS + 14 * MINUTE + 1), { ok: false, until: NOW_MS + 15 * MINUTE }, 'the sixth: refused until minute 15')
  t.equal(lockedUntil(record, NOW_MS + 15 * MINUTE - 1), NOW_MS + 15 * MINUTE, '1 ms before: still locked')
  t.equal(lockedUntil(record, NOW_MS + 15 * MINUTE), undefined, 'at minute 15 the first reservation is out (exactly 15 minutes old is out)')
  const sixth = reserveCheck(record, EMAIL, NOW_MS + 15 * MINUTE)
  t.deepEqual(sixth.ok && sixth.record.checks, times.slice(1).concat(NOW_MS + 15 * MINUTE), 'then one more is reserved; the old one is dropped')
  t.end()
})

test('four checks do not lock; checks spread over more than 15 minutes never do', t => {
  t.equal(lockedUntil(reservedAt([ 0, 1, 2, 3 ].map(m => NOW_MS + m * MINUTE)), NOW_MS + 3 * MINUTE), undefined, 'four: not locked')
  const spread = reservedAt([ 0, 4, 8, 12, 16, 20, 24 ].map(m => NOW_MS + m * MINUTE))
  t.deepEqual(spread?.checks, [ 12, 16, 20, 24 ].map(m => NOW_MS + m * MINUTE), 'one every 4 minutes: only the last 15 minutes are counted')
  t.equal(lockedUntil(spread, NOW_MS + 24 * MINUTE), undefined, 'never locked')
  t.end()
})

test('a refused reservation writes nothing: the lock is not extended by knocking', t => {
  const record = reservedAt([ 0, 1, 2, 3, 4 ].map(m => NOW_MS + m * MINUTE))
  const refused = reserveCheck(record, EMAIL, NOW_MS + 10 * MINUTE)
  t.deepEqual(refused, { ok: false, until: NOW_MS + 15 * MINUTE }, 'refused, no record to save')
  t.end()
})

test('a success drops its own reservation and every earlier one, but not the checks reserved after it', t => {
  const record = reservedAt([ 0, 1, 2, 3 ].map(m => NOW_MS + m * MINUTE))
  const after = afterSuccess(record, EMAIL, NOW_MS + 2 * MINUTE, NOW_MS + 3 * MINUTE)
  t.deepEqual(after.checks, [ NOW_MS + 3 * MINUTE ], 'the check reserved after the success is still running: it stays')
  t.equal(after.version, (record?.version ?? 0) + 1, 'a new version, for the conditional write')
  t.deepEqual(afterSuccess(undefined, EMAIL, NOW_MS, NOW_MS).checks, [], 'no record: an empty one')
  t.end()
})

test('every write increments the record\'s version, for the conditional write', t => {
  const first = reserveCheck(undefined, EMAIL, NOW_MS)
  t.equal(first.ok && first.record.version, 1, 'a new record starts at version 1')
  const second = reserveCheck(first.ok ? first.record : undefined, EMAIL, NOW_MS + 1000)
  t.equal(second.ok && second.record.version, 2, 'then 2')
  const fromStored = reserveCheck({ email: EMAIL, checks: [], expiresAt: 0, version: 41 }, EMAIL, NOW_MS)
  t.equal(fromStored.ok && fromStored.record.version, 42, 'one more than the stored version')
  t.end()
})

test('the row expires (in seconds) once its last check has left the window', t => {
  const one = reservedAt([ NOW_MS ])
  t.equal(one?.expiresAt, (NOW_MS + 15 * MINUTE) / 1000, 'one check: kept for the 15-minute window, in epoch seconds')
  const five = reservedAt([ 0, 1, 2, 3, 4 ].map(m => NOW_MS + m * MINUTE))
  t.equal(five?.expiresAt, (NOW_MS + 19 * MINUTE) / 1000, 'the last at minute 4: kept until minute 19')
  const odd = reservedAt([ NOW_MS + 1 ])
  t.equal(odd?.expiresAt, Math.ceil((NOW_MS + 1 + 15 * MINUTE) / 1000), 'rounded up to the next second, never early')
  t.ok(Number.isInteger(odd?.expiresAt), 'whole seconds')
  t.end()
})

test('a row written before reservations existed (failures, lockedUntil) counts as no checks', t => {
  const legacy = { email: EMAIL, failures: [ NOW_MS ], lockedUntil: NOW_MS + MINUTE, expiresAt: 0, version: 7 } as unknown as LockoutRecord
  const reservation = reserveCheck(legacy, EMAIL, NOW_MS)
  t.deepEqual(reservation.ok && reservation.record, { email: EMAIL, checks: [ NOW_MS ], expiresAt: (NOW_MS + 15 * MINUTE) / 1000, version: 8 }, 'replaced by a record of one check, over its version')
  t.end()
})

test('a check reserved late by a request that started early still lands in order', t => {
  const record = reservedAt([ NOW_MS + 2000, NOW_MS + 1000 ])
  t.deepEqual(record?.checks, [ NOW_MS + 1000, NOW_MS + 2000 ], 'oldest first, whatever order they were written in')
  t.end()
})

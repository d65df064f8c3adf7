// Password hashes: scrypt with its parameters written into the hash, so a stored hash keeps
// verifying after the cost is raised, and a hash that cannot be read verifies nothing.
// Most tests hash at CHEAP_SCRYPT; only two pay the real cost (about 0.7 s each here).
import test from 'tape'
import {
  PASSWORD_MAX, PASSWORD_MIN, SCRYPT_PARAMS, hashPassword, needsRehash, passwordLength, verifyPassword, verifyPasswordOfMissingAccount,
} from '../../src/shared/accounts/passwords.ts'
import { CHEAP_SCRYPT } from './_fixtures.ts'

const PASSWORD = 'correct horse battery staple'

/** What verifyPassword settles to: its boolean, or the error it threw. */
function verifyOutcome (password: string, stored: string): Promise<boolean | Error> {
  return verifyPassword(password, stored).catch((error: unknown) => error instanceof Error ? error : new Error(String(error)))
}

test('a hash at today\'s cost reads scrypt$17$8$1$<salt>$<key>, with a 16-byte salt and a 32-byte key', async t => {
  const stored = await hashPassword(PASSWORD)
  const parts = stored.split('$')
  t.equal(parts.length, 6, 'six $-separated parts')
  t.deepEqual(parts.slice(0, 4), [ 'scrypt', '17', '8', '1' ], 'scheme, log2 N = 17, r = 8, p = 1')
  t.match(parts[4] ?? '', /^[A-Za-z0-9_-]+$/, 'the salt is base64url')
  t.match(parts[5] ?? '', /^[A-Za-z0-9_-]+$/, 'the key is base64url')
  t.equal(Buffer.from(parts[4] ?? '', 'base64url').length, 16, 'the salt decodes to 16 bytes')
  t.equal(Buffer.from(parts[5] ?? '', 'base64url').length, 32, 'the key decodes to 32 bytes')
  t.notOk(stored.includes(PASSWORD), 'the password itself is nowhere in the hash')
  t.equal(needsRehash(stored), false, 'a hash at today\'s cost needs no rehash')
})

test('the default cost is OWASP\'s N=2^17, r=8, p=1', t => {
  t.deepEqual(SCRYPT_PARAMS, { N: 2 ** 17, r: 8, p: 1 }, 'N=2^17, r=8, p=1')
  t.equal(PASSWORD_MIN, 8, 'passwords have at least 8 characters')
  t.equal(PASSWORD_MAX, 256, 'and at most 256')
  t.end()
})

test('the same password hashed twice gives two different hashes (a fresh salt each time)', async t => {
  const first = await hashPassword(PASSWORD, CHEAP_SCRYPT)
  const second = await hashPassword(PASSWORD, CHEAP_SCRYPT)
  t.notEqual(first, second, 'the hashes differ')
  t.notEqual(first.split('$')[4], second.split('$')[4], 'because the salts differ')
  t.equal(await verifyPassword(PASSWORD, first), true, 'the first verifies')
  t.equal(await verifyPassword(PASSWORD, second), true, 'the second verifies')
})

test('the right password verifies, a wrong one does not', async t => {
  const stored = await hashPassword(PASSWORD, CHEAP_SCRYPT)
  t.equal(await verifyPassword(PASSWORD, stored), true, 'the right password: true')
  t.equal(await verifyPassword('correct horse battery stapler', stored), false, 'one character more: false')
  t.equal(await verifyPassword('Correct horse battery staple', stored), false, 'another case: false')
  t.equal(await verifyPassword(` ${PASSWORD}`, stored), false, 'a leading space: false (passwords are not trimmed)')
  t.equal(await verifyPassword('', stored), false, 'empty: false')
})

test('a hash made at a lower cost still verifies (the cost is read from the hash) and asks to be rehashed', async t => {
  const stored = await hashPassword(PASSWORD, CHEAP_SCRYPT)
  t.equal(stored.split('$')[1], '10', 'the hash records log2 N = 10')
  t.equal(await verifyPassword(PASSWORD, stored), true, 'the right password verifies')
  t.equal(await verifyPassword('wrong password', stored), false, 'a wrong one does not')
  t.equal(needsRehash(stored), true, 'needsRehash: true, N is below today\'s')
  const lowR = await hashPassword(PASSWORD, { N: 2 ** 10, r: 4, p: 1 })
  t.equal(await verifyPassword(PASSWORD, lowR), true, 'a hash with r=4 verifies with r=4')
  const [ scheme, , , p, salt, key ] = lowR.split('$')
  t.equal(await verifyPassword(PASSWORD, [ scheme, '10', '8', p, salt, key ].join('$')), false, 'the same key read with r=8 does not: r really comes from the hash')
  t.equal(needsRehash([ 'scrypt', '17', '4', '1', salt, key ].join('$')), true, 'needsRehash: true when only r is below today\'s')
  t.equal(needsRehash([ 'scrypt', '18', '8', '1', salt, key ].join('$')), false, 'needsRehash: false for a cost above today\'s')
})

test('a malformed stored hash verifies false, without throwing', async t => {
  const stored = await hashPassword(PASSWORD, CHEAP_SCRYPT)
  const [ , , r, p, salt, key ] = stored.split('$')
  for (const [ label, bad ] of [
    [ 'another scheme', [ 'bcrypt', '10', r, p, salt, key ].join('$') ],
    [ 'an upper-case scheme', [ 'SCRYPT', '10', r, p, salt, key ].join('$') ],
    [ 'no key', [ 'scrypt', '10', r, p, salt ].join('$') ],
    [ 'no salt and no key', [ 'scrypt', '10', r, p ].join('$') ],
    [ 'an extra part', [ stored, 'extra' ].join('$') ],
    [ 'an absurd N (2^40)', [ 'scrypt', '40', r, p, salt, key ].join('$') ],
    [ 'N = 2^0', [ 'scrypt', '0', r, p, salt, key ].join('$') ],
    [ 'a negative log2 N', [ 'scrypt', '-3', r, p, salt, key ].join('$') ],
    [ 'a fractional log2 N', [ 'scrypt', '10.5', r, p, salt, key ].join('$') ],
    [ 'a non-numeric N', [ 'scrypt', 'ten', r, p, salt, key ].join('$') ],
    [ 'an empty N', [ 'scrypt', '', r, p, salt, key ].join('$') ],
    [ 'a non-numeric r', [ 'scrypt', '10', 'eight', p, salt, key ].join('$') ],
    [ 'r = 0', [ 'scrypt', '10', '0', p, salt, key ].join('$') ],
    [ 'an absurd r (1000)', [ 'scrypt', '10', '1000', p, salt, key ].join('$') ],
    [ 'a non-numeric p', [ 'scrypt', '10', r, 'one', salt, key ].join('$') ],
    [ 'p = 0', [ 'scrypt', '10', r, '0', salt, key ].join('$') ],
    [ 'an empty key', [ 'scrypt', '10', r, p, salt, '' ].join('$') ],
    [ 'a truncated key', [ 'scrypt', '10', r, p, salt, (key ?? '').slice(0, 20) ].join('$') ],
    [ 'an empty string', '' ],
    [ 'the password itself (a plain-text row)', PASSWORD ],
  ] as const) {
    t.equal(await verifyOutcome(PASSWORD, bad), false, `${label}: false, no exception`)
  }
})

test('a corrupted hash whose r or p is not a whole number verifies false instead of throwing', async t => {
  // Found by this test: parseHash checks that log2 N is an integer but not r or p, so these reach
  // scrypt, which throws ERR_OUT_OF_RANGE, and a sign-in against such a row becomes a 500.
  const stored = await hashPassword(PASSWORD, CHEAP_SCRYPT)
  const [ , , r, p, salt, key ] = stored.split('$')
  for (const [ label, bad ] of [
    [ 'r = 8.5', [ 'scrypt', '10', '8.5', p, salt, key ].join('$') ],
    [ 'p = 1.5', [ 'scrypt', '10', r, '1.5', salt, key ].join('$') ],
  ] as const) {
    const outcome = await verifyOutcome(PASSWORD, bad)
    t.equal(outcome, false, `${label}: false, not ${outcome instanceof Error ? `an exception (${outcome.message})` : String(outcome)}`)
  }
})

test('a password typed with a precomposed é and one typed as e + combining accent are the same password (NFC)', async t => {
  const precomposed = 'caf\u00e9 au lait'
  const combining = 'cafe\u0301 au lait'
  t.notEqual(precomposed, combining, 'control: the two strings differ as typed')
  const stored = await hashPassword(precomposed, CHEAP_SCRYPT)
  t.equal(await verifyPassword(combining, stored), true, 'hashed precomposed, typed combining: verifies')
  const storedCombining = await hashPassword(combining, CHEAP_SCRYPT)
  t.equal(await verifyPassword(precomposed, storedCombining), true, 'hashed combining, typed precomposed: verifies')
  t.equal(await verifyPassword('cafe au lait', stored), false, 'without the accent: a different password')
})

test('a password\'s length counts characters as people do (code points), not UTF-16 units', t => {
  t.equal(passwordLength('password'), 8, 'ASCII: 8')
  t.equal(passwordLength('😀'), 1, 'an emoji is 1, though it is 2 UTF-16 units')
  t.equal(passwordLength('😀'.repeat(8)), 8, 'eight emoji are 8')
  t.equal(passwordLength('pässwörd'), 8, 'accented letters: 1 each')
  t.equal(passwordLength(''), 0, 'empty: 0')
  t.end()
})

test('checking a password for an account that does not exist runs scrypt and resolves to false', async t => {
  // Its point is taking as long as a real check; timing is not asserted (too noisy), only that it
  // completes a real derivation and never says yes.
  const outcome = await verifyPasswordOfMissingAccount(PASSWORD).catch((error: unknown) => error)
  t.equal(outcome, false, 'false')
})

// Password hashing with scrypt at OWASP's recommended cost (N=2^17, r=8, p=1), a 16-byte random
// salt, and the parameters stored in the hash, so they can be raised later without a migration:
// old hashes keep verifying with the parameters they were made with.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { ScryptOptions } from 'node:crypto'

export interface ScryptParams { N: number, r: number, p: number }

export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }

const SALT_BYTES = 16
const KEY_BYTES = 32

/** NIST SP 800-63B: at least 8 characters, allow at least 64 (here 256), no composition rules. */
export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 256

/** Hashes look like `scrypt$17$8$1$<salt>$<key>` (log2 N, r, p, base64url salt and key). */
export async function hashPassword (password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, params)
  return [ 'scrypt', Math.log2(params.N), params.r, params.p, salt.toString('base64url'), key.toString('base64url') ].join('$')
}

/** Constant-time comparison; a malformed hash verifies nothing. */
export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (!parsed) return false
  const key = await derive(password, parsed.salt, parsed.params)
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}

/**
 * A real scrypt of the same cost, for attempts on accounts that do not exist, so that an
 * unknown email takes as long to refuse as a wrong password.
 */
export async function verifyPasswordOfMissingAccount (password: string): Promise<false> {
  await derive(password, randomBytes(SALT_BYTES), SCRYPT_PARAMS)
  return false
}

/** Whether a stored hash was made with weaker parameters than today's (rehash on next sign-in). */
export function needsRehash (stored: string): boolean {
  const parsed = parseHash(stored)
  return !parsed || parsed.params.N < SCRYPT_PARAMS.N || parsed.params.r < SCRYPT_PARAMS.r || parsed.params.p < SCRYPT_PARAMS.p
}

/** Length in characters as a person counts them (code points), not UTF-16 units. */
export function passwordLength (password: string): number {
  return [ ...password ].length
}

function derive (password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes (128 MiB at OWASP's cost); Node's default cap is 32 MiB.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => error ? reject(error) : resolve(key))
  })
}

function parseHash (stored: string): { params: ScryptParams, salt: Buffer, key: Buffer } | undefined {
  const [ scheme, logN, r, p, salt, key, ...rest ] = stored.split('$')
  if (scheme !== 'scrypt' || salt === undefined || key === undefined || rest.length > 0) return undefined
  const params = { N: 2 ** Number(logN), r: Number(r), p: Number(p) }
  const whole = [ Number(logN), params.r, params.p ].every(n => Number.isInteger(n) && n >= 1)
  // A corrupted row must not ask scrypt for more than 1 GiB, nor run for minutes.
  const bounded = params.N * params.r * 128 <= 2 ** 30 && params.p <= 16
  return whole && bounded ? { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') } : undefined
}

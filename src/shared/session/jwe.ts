// JWE compact tokens exactly as @architect/functions writes them (`alg: dir`, AES-GCM, an `iat`
// claim, a 7-day life), so a token sealed here opens in any arc.http handler and the other way
// round. Unlike the library, a token is accepted only with the exact configured header.
// (The session layer then adopts only sessions that carry its `_secret`, the CSRF binding.)
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { KEY_LENGTH } from '#shared/config.ts'
import type { JweAlgorithm } from '#shared/config.ts'

/** Architect's JWE tokens die a week after their last write, whatever the cookie's Max-Age says. */
export const JWE_LIFETIME_SECONDS = 604800

/** The keys @architect/functions uses when ARC_APP_SECRET is unset: public, so anyone can forge with them. */
export const PUBLIC_FALLBACK_KEYS: Readonly<Record<JweAlgorithm, string>> = {
  A256GCM: '12345678901234567890123456789012',
  A192GCM: '123456789012345678901234',
  A128GCM: '1234567890123456',
}

export interface JweHeader { alg: 'dir', enc: JweAlgorithm }

export interface OpenedJwe {
  header: JweHeader
  /** Seconds since the epoch of the token's last write. */
  issuedAt: number
  payload: Record<string, unknown>
}

const IV_BYTES = 12
const TAG_BYTES = 16
/** Clock skew tolerated between Lambdas for a token issued "in the future". */
const SKEW_SECONDS = 60

/** The AES key Architect derives: the first N characters of the secret, or the public fallback. */
export function jweKey (secret: string | undefined, algorithm: JweAlgorithm): Buffer {
  const length = KEY_LENGTH[algorithm]
  return Buffer.from(secret ? secret.slice(0, length) : PUBLIC_FALLBACK_KEYS[algorithm], 'utf8')
}

export function sealJwe (payload: Record<string, unknown>, key: Buffer, algorithm: JweAlgorithm, nowSeconds: number): string {
  const header = b64url(Buffer.from(JSON.stringify({ alg: 'dir', enc: algorithm })))
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv(cipherName(algorithm), key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(header, 'ascii'))
  const body = { ...payload, iat: nowSeconds }
  const ciphertext = Buffer.concat([ cipher.update(JSON.stringify(body), 'utf8'), cipher.final() ])
  return [ header, '', b64url(iv), b64url(ciphertext), b64url(cipher.getAuthTag()) ].join('.')
}

/** Returns undefined for anything that is not a live token sealed with this key and algorithm. */
export function openJwe (token: string, key: Buffer, algorithm: JweAlgorithm, nowSeconds: number): OpenedJwe | undefined {
  const parts = token.split('.')
  if (parts.length !== 5) return undefined
  const [ headerPart = '', encryptedKey, ivPart = '', ciphertextPart = '', tagPart = '' ] = parts
  if (encryptedKey !== '' || !isCanonicalHeader(headerPart, algorithm)) return undefined
  const iv = fromB64url(ivPart)
  const tag = fromB64url(tagPart)
  const ciphertext = fromB64url(ciphertextPart)
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext) return undefined

  let plaintext: string
  try {
    const decipher = createDecipheriv(cipherName(algorithm), key, iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(headerPart, 'ascii'))
    decipher.setAuthTag(tag)
    plaintext = Buffer.concat([ decipher.update(ciphertext), decipher.final() ]).toString('utf8')
  }
  catch {
    return undefined
  }
  const payload = parseObject(plaintext)
  const issuedAt = payload?.iat
  if (!payload || typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) return undefined
  if (issuedAt + JWE_LIFETIME_SECONDS <= nowSeconds || issuedAt > nowSeconds + SKEW_SECONDS) return undefined
  return { header: { alg: 'dir', enc: algorithm }, issuedAt, payload }
}

/** The header must be exactly `{"alg":"dir","enc":<configured>}`: no `none`, no swapped algorithm, no JWS. */
function isCanonicalHeader (part: string, algorithm: JweAlgorithm): boolean {
  const decoded = fromB64url(part)
  const header = decoded && parseObject(decoded.toString('utf8'))
  if (!header) return false
  const keys = Object.keys(header)
  return keys.length === 2 && header.alg === 'dir' && header.enc === algorithm
}

function cipherName (algorithm: JweAlgorithm): 'aes-256-gcm' | 'aes-192-gcm' | 'aes-128-gcm' {
  switch (algorithm) {
    case 'A256GCM': return 'aes-256-gcm'
    case 'A192GCM': return 'aes-192-gcm'
    case 'A128GCM': return 'aes-128-gcm'
  }
}

function parseObject (text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined
  }
  catch {
    return undefined
  }
}

function b64url (bytes: Buffer): string {
  return bytes.toString('base64url')
}

/** Strict base64url: Node's decoder skips junk silently, so check the alphabet first. */
function fromB64url (text: string): Buffer | undefined {
  return /^[A-Za-z0-9_-]*$/.test(text) ? Buffer.from(text, 'base64url') : undefined
}

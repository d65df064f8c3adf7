// JWE tokens as @architect/functions writes them (`alg: dir`, AES-GCM, an `iat` claim, a 7-day
// life), sealed and opened by `jose`, so a token made here opens in any arc.http handler and the
// other way round. Unlike the library, a token opens only with the exact configured header.
import { EncryptJWT, jwtDecrypt } from 'jose'
import { KEY_LENGTH, isKeyLongEnough } from '#shared/config.ts'
import type { JweAlgorithm } from '#shared/config.ts'

/** Architect's JWE tokens die a week after their last write, whatever the cookie's Max-Age says. */
export const JWE_LIFETIME_SECONDS = 604800

export interface OpenedJwe {
  header: { alg: 'dir', enc: JweAlgorithm }
  /** Seconds since the epoch of the token's last write. */
  issuedAt: number
  payload: Record<string, unknown>
  /** Which key opened it: 0 the current secret's, n the nth of SESSION_SECRET_FALLBACKS. */
  keyIndex: number
}

/** Clock skew tolerated between Lambdas. */
const SKEW_SECONDS = 60

/**
 * The AES key Architect derives: the first N characters of the secret. No key at all for a
 * missing or short secret: this app never seals or opens with the public fallback key.
 */
export function jweKey (secret: string | undefined, algorithm: JweAlgorithm): Uint8Array | undefined {
  if (!secret || !isKeyLongEnough(secret, algorithm)) return undefined
  return Buffer.from(secret.slice(0, KEY_LENGTH[algorithm]), 'utf8')
}

export function sealJwe (payload: Record<string, unknown>, key: Uint8Array, algorithm: JweAlgorithm, nowSeconds: number): Promise<string> {
  return new EncryptJWT(payload).setProtectedHeader({ alg: 'dir', enc: algorithm }).setIssuedAt(nowSeconds).encrypt(key)
}

/** The first of `keys` that opens `token` as a live token; undefined for anything else (never throws). */
export async function openJwe (
  token: string, keys: readonly (Uint8Array | undefined)[], algorithm: JweAlgorithm, nowSeconds: number,
): Promise<OpenedJwe | undefined> {
  // jose's base64url decoder forgives padding and white space; Architect's tokens have neither.
  if (!/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return undefined
  for (const [ keyIndex, key ] of keys.entries()) {
    if (!key) continue
    try {
      const { payload, protectedHeader } = await jwtDecrypt(token, key, {
        keyManagementAlgorithms: [ 'dir' ],
        contentEncryptionAlgorithms: [ algorithm ],
        currentDate: new Date(nowSeconds * 1000),
        requiredClaims: [ 'iat' ],
      })
      // jose's maxTokenAge would add its clock tolerance to the week; Architect's tokens die at the week.
      const age = nowSeconds - Number(payload.iat)
      if (age >= JWE_LIFETIME_SECONDS || age < -SKEW_SECONDS) return undefined
      // jose allows other header fields (`kid`, `zip`, ...); Architect never writes them.
      if (Object.keys(protectedHeader).length !== 2 || typeof payload.iat !== 'number') return undefined
      return { header: { alg: 'dir', enc: algorithm }, issuedAt: payload.iat, payload, keyIndex }
    }
    catch {
      // Not this key (or not a token at all): try the next.
    }
  }
  return undefined
}

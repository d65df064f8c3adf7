// DynamoDB session ids travel in the cookie as `<id>.<HMAC-SHA256>`, signed by `cookie-signature`
// as @architect/functions signs them, so both read each other's cookies.
import { randomBytes } from 'node:crypto'
import { sign, unsign } from 'cookie-signature'

/** 18 random bytes, 24 URL-safe characters: the size of the ids Architect creates. */
export function newSessionId (): string {
  return randomBytes(18).toString('base64url')
}

export function signSessionId (id: string, secret: string): string {
  return sign(id, secret)
}

/** The id and which secret signed it (0: the current one, n: fallback n), or undefined. */
export function unsignSessionId (signed: string, secrets: readonly string[]): { id: string, keyIndex: number } | undefined {
  for (const [ keyIndex, secret ] of secrets.entries()) {
    const id = unsign(signed, secret)
    if (id) return { id, keyIndex }
  }
  return undefined
}

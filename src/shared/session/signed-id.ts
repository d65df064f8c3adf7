// DynamoDB session ids travel in the cookie as `<id>.<HMAC-SHA256>`, the format of the
// `cookie-signature` package that @architect/functions uses, so both read each other's cookies.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** 18 random bytes, 24 URL-safe characters: the size of the ids Architect creates. */
export function newSessionId (): string {
  return randomBytes(18).toString('base64url')
}

export function signSessionId (id: string, secret: string): string {
  return `${id}.${signature(id, secret)}`
}

/** The id, if the signature is right; otherwise undefined (never throws). */
export function unsignSessionId (signed: string, secret: string): string | undefined {
  const dot = signed.lastIndexOf('.')
  if (dot <= 0) return undefined
  const id = signed.slice(0, dot)
  const given = Buffer.from(signed.slice(dot + 1))
  const expected = Buffer.from(signature(id, secret))
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined
}

function signature (id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')
}

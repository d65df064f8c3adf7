// Header lookup for API Gateway events, whose header names may arrive in any case.

export type Headers = Readonly<Record<string, string | undefined>>

export function headerValue (headers: Headers, name: string): string | undefined {
  for (const [ key, value ] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value
  }
  return undefined
}

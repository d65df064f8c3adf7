// Reads an application/x-www-form-urlencoded body strictly: a form that is too large, not
// UTF-8, of another type or with a field sent twice is refused, never half-understood.

export type FormFields = Readonly<Record<string, string>>

export type FormResult =
  | { ok: true, fields: FormFields }
  | { ok: false, problem: string }

/** Far above any form here; keeps a 1 MB paste from reaching the session store. */
export const FORM_BYTE_LIMIT = 16 * 1024

export function parseForm (body: string | null | undefined, isBase64Encoded: boolean, contentType: string | undefined): FormResult {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase()
  const bytes = Buffer.from(body ?? '', isBase64Encoded ? 'base64' : 'utf8')
  if (bytes.length === 0) return { ok: true, fields: {} }
  if (type !== 'application/x-www-form-urlencoded') {
    return { ok: false, problem: 'The form was not sent as application/x-www-form-urlencoded.' }
  }
  if (bytes.length > FORM_BYTE_LIMIT) {
    return { ok: false, problem: `The form is larger than ${FORM_BYTE_LIMIT / 1024} KB.` }
  }
  // No prototype: a field named `__proto__` is a field like any other.
  const fields: Record<string, string> = Object.create(null)
  for (const pair of bytes.toString('latin1').split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq))
    const value = decodeComponent(eq === -1 ? '' : pair.slice(eq + 1))
    if (name === undefined || value === undefined) {
      return { ok: false, problem: 'The form contains text that is not valid UTF-8.' }
    }
    if (Object.hasOwn(fields, name)) {
      return { ok: false, problem: `The field "${name}" was sent more than once.` }
    }
    fields[name] = value
  }
  return { ok: true, fields }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Percent-decodes to bytes, then decodes those as UTF-8, refusing invalid sequences. */
function decodeComponent (text: string): string | undefined {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x2b) bytes.push(0x20)
    else if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    }
    else bytes.push(c)
  }
  try {
    return utf8.decode(Uint8Array.from(bytes))
  }
  catch {
    return undefined
  }
}

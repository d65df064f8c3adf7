// Reading and checking what people type into the register and sign-in forms.
import { PASSWORD_MAX, PASSWORD_MIN, passwordLength } from '#shared/accounts/passwords.ts'
import type { FormFields } from '#shared/http/form.ts'

/** RFC 5321's limit on a forward path. */
export const EMAIL_MAX = 254

export interface Credentials { email: string, password: string }

export type CredentialsCheck =
  | { ok: true, credentials: Credentials }
  /** `email` is what was typed (to put back in the form); passwords are never sent back. */
  | { ok: false, email: string, problems: string[] }

/** Trimmed and lower-cased, so `Ada@Example.com ` and `ada@example.com` are one account. */
export function normaliseEmail (email: string): string {
  return email.trim().toLowerCase()
}

export function readCredentials (form: FormFields): CredentialsCheck {
  const typed = form.email ?? ''
  const email = normaliseEmail(typed)
  const password = form.password ?? ''
  const problems: string[] = []
  if (email === '') problems.push('Enter your email address.')
  else if (email.length > EMAIL_MAX) problems.push(`An email address is at most ${EMAIL_MAX} characters.`)
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push('Enter an email address like name@example.com.')
  const length = passwordLength(password)
  if (password === '') problems.push('Enter a password.')
  else if (length < PASSWORD_MIN) problems.push(`A password has at least ${PASSWORD_MIN} characters (this one has ${length}).`)
  else if (length > PASSWORD_MAX) problems.push(`A password has at most ${PASSWORD_MAX} characters (this one has ${length}).`)
  if (problems.length > 0) return { ok: false, email: typed.slice(0, EMAIL_MAX * 2), problems }
  return { ok: true, credentials: { email, password } }
}

/** Where to go after signing in: only a path on this site; anything else goes home. */
export function safeNextPath (next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  // Browsers ignore tabs and newlines in URLs and treat \ as /: refuse rather than guess.
  if ([ ...next ].some(c => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/'
  const base = 'https://this-site.invalid'
  try {
    const url = new URL(next, base)
    const path = url.pathname + url.search + url.hash
    // Dot segments can collapse to `//host` (`/..//evil.example`), which a browser reads as another site.
    return url.origin === base && !path.startsWith('//') ? path : '/'
  }
  catch {
    return '/'
  }
}

/** A short, human description of a user agent: "Firefox on Linux", "curl". */
export function describeDevice (userAgent: string | undefined): string {
  const ua = userAgent ?? ''
  const browser =
    /Edg\//.test(ua) ? 'Edge'
      : /Firefox\//.test(ua) ? 'Firefox'
        : /(Chrome|Chromium|HeadlessChrome)\//.test(ua) ? 'Chrome'
          : /Safari\//.test(ua) ? 'Safari'
            : /^curl\//.test(ua) ? 'curl'
              : /^node|undici/i.test(ua) ? 'a script'
                : 'a browser'
  const system =
    /Android/.test(ua) ? 'Android'
      : /iPhone|iPad/.test(ua) ? 'iOS'
        : /Windows/.test(ua) ? 'Windows'
          : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
            : /Linux|X11/.test(ua) ? 'Linux'
              : ''
  return system ? `${browser} on ${system}` : browser
}

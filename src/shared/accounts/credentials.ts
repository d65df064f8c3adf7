// Reading and checking what people type into the register and sign-in forms.
import { PASSWORD_MAX, PASSWORD_MIN, passwordLength } from '#shared/accounts/passwords.ts'

/** RFC 5321's limit on a forward path. */
export const EMAIL_MAX = 254

export interface Credentials { email: string, password: string }

export type CredentialsCheck =
  | { ok: true, credentials: Credentials }
  /** `email` is what was typed (to put back in the form); passwords are never sent back. */
  | { ok: false, email: string, problems: string[] }

/**
 * NFKC, then trimmed and lower-cased, so `Ada@Example.com `, `ａｄａ@example.com` (fullwidth) and
 * `ada@example.com` are one account, with one lockout.
 */
export function normaliseEmail (email: string): string {
  return email.normalize('NFKC').trim().toLowerCase()
}

export function readCredentials (form: Readonly<Record<string, string>>): CredentialsCheck {
  const typed = form.email ?? ''
  const email = normaliseEmail(typed)
  const password = form.password ?? ''
  const problems: string[] = []
  const emailProblem = problemWithEmail(email)
  if (emailProblem) problems.push(emailProblem)
  const length = passwordLength(password)
  if (password === '') problems.push('Enter a password.')
  else if (length < PASSWORD_MIN) problems.push(`A password has at least ${PASSWORD_MIN} characters (this one has ${length}).`)
  else if (length > PASSWORD_MAX) problems.push(`A password has at most ${PASSWORD_MAX} characters (this one has ${length}).`)
  if (problems.length > 0) return { ok: false, email: typed.slice(0, EMAIL_MAX * 2), problems }
  return { ok: true, credentials: { email, password } }
}

/**
 * What is wrong with a normalised email, if anything. Besides the shape, it refuses what lets one
 * address pass for another: invisible characters (zero-width space, soft hyphen: Unicode Cc and
 * Cf), a trailing dot, and a local part or domain that mixes scripts (a Cyrillic `е` in `demo`).
 */
function problemWithEmail (email: string): string | undefined {
  if (email === '') return 'Enter your email address.'
  if (email.length > EMAIL_MAX) return `An email address is at most ${EMAIL_MAX} characters.`
  const invisible = /[\p{Cc}\p{Cf}]/u.exec(email)?.[0]
  if (invisible) return `An email address cannot contain invisible or control characters (this one has ${codePoint(invisible)}).`
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'Enter an email address like name@example.com.'
  if (email.endsWith('.')) return 'An email address cannot end with a dot.'
  const [ local = '', domain = '' ] = email.split('@')
  for (const [ part, name ] of [ [ local, 'The part before the @' ], [ domain, 'The domain' ] ]) {
    const mixed = mixedScripts(part ?? '')
    if (mixed) return `${name} mixes ${mixed.join(' and ')} letters, so it could pass for another address. Use one alphabet.`
  }
  return undefined
}

/** Scripts in use today (UAX #31, table 5); a letter of any other counts as "another script". */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Thaana', 'Ethiopic', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar',
  'Khmer', 'Hangul', 'Hiragana', 'Katakana', 'Bopomofo', 'Han',
].map(name => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'u') }))

/** Mixtures that are one writing system (UTS #39, "highly restrictive"): Latin with Japanese, Chinese or Korean. */
const ONE_SYSTEM = [ [ 'Latin', 'Han', 'Hiragana', 'Katakana' ], [ 'Latin', 'Han', 'Bopomofo' ], [ 'Latin', 'Han', 'Hangul' ] ]

/** The scripts `part` mixes, if it mixes any; digits and punctuation (Common) and marks (Inherited) go with any. */
function mixedScripts (part: string): string[] | undefined {
  const scripts = new Set<string>()
  for (const char of part) {
    if (/[\p{Script=Common}\p{Script=Inherited}]/u.test(char)) continue
    scripts.add(SCRIPTS.find(script => script.pattern.test(char))?.name ?? 'another script\'s')
  }
  if (scripts.size < 2 || ONE_SYSTEM.some(system => [ ...scripts ].every(script => system.includes(script)))) return undefined
  return [ ...scripts ]
}

/** `U+200B`, as Unicode charts name a character. */
function codePoint (char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
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

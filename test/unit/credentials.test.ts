// What people type into the sign-in and register forms: emails are normalised, passwords are
// checked by length only (counted as people count), `next` only ever leads to a path on this site,
// and a user agent becomes a short device name for the list of sessions.
import test from 'tape'
import { EMAIL_MAX, describeDevice, normaliseEmail, readCredentials } from '../../src/shared/accounts/credentials.ts'
import type { CredentialsCheck } from '../../src/shared/accounts/credentials.ts'

const PASSWORD = 'correct horse battery staple'

/** The problems of a refused form (none if it was accepted). */
function problemsOf (check: CredentialsCheck): string[] {
  return check.ok ? [] : check.problems
}

test('an email is NFKC-normalised, trimmed and lower-cased, so one person has one account', t => {
  t.equal(normaliseEmail('  Ada@Example.COM \t'), 'ada@example.com', 'spaces around go, letters are lower-cased')
  t.equal(normaliseEmail('ＡＤＡ@example.com'), 'ada@example.com', 'fullwidth letters become ASCII (NFKC), then lower-case')
  t.equal(normaliseEmail('\u210cada@example.com'), 'hada@example.com', 'NFKC comes first: ℌ becomes H, then h')
  t.equal(normaliseEmail('ada@example.com'), 'ada@example.com', 'a normal email is unchanged')
  t.equal(normaliseEmail(''), '', 'empty stays empty')
  t.end()
})

test('look-alikes of one address normalise to it (NFKC, trim, lower-case), or are refused with a 400 message saying why', t => {
  const same: [ string, string ][] = [
    [ 'fullwidth letters', 'ｄｅｍｏ@ｅｘａｍｐｌｅ.ｃｏｍ' ],
    [ 'one fullwidth letter', 'dｅmo@example.com' ],
    [ 'a fullwidth @ and dot', 'demo＠example．com' ],
    [ 'capitals and no-break spaces around', '\u00a0DEMO@Example.com\u3000' ],
  ]
  for (const [ name, typed ] of same) {
    t.deepEqual(readCredentials({ email: typed, password: PASSWORD }), { ok: true, credentials: { email: 'demo@example.com', password: PASSWORD } }, `${name}: the same account`)
  }
  const refused: [ string, string, string ][] = [
    [ 'a zero-width space', 'de\u200bmo@example.com', 'An email address cannot contain invisible or control characters (this one has U+200B).' ],
    [ 'a soft hyphen', 'demo@exam\u00adple.com', 'An email address cannot contain invisible or control characters (this one has U+00AD).' ],
    [ 'a zero-width joiner', 'demo\u200d@example.com', 'An email address cannot contain invisible or control characters (this one has U+200D).' ],
    [ 'a right-to-left override', 'demo@\u202eexample.com', 'An email address cannot contain invisible or control characters (this one has U+202E).' ],
    [ 'a control character', 'de\u0007mo@example.com', 'An email address cannot contain invisible or control characters (this one has U+0007).' ],
    [ 'a NUL', 'demo\u0000@example.com', 'An email address cannot contain invisible or control characters (this one has U+0000).' ],
    [ 'a trailing dot', 'demo@example.com.', 'An email address cannot end with a dot.' ],
    [ 'a Cyrillic е in a Latin local part', 'd\u0435mo@example.com', 'The part before the @ mixes Latin and Cyrillic letters, so it could pass for another address. Use one alphabet.' ],
    [ 'a Cyrillic а in a Latin domain', 'demo@ex\u0430mple.com', 'The domain mixes Latin and Cyrillic letters, so it could pass for another address. Use one alphabet.' ],
    [ 'a Greek ο', 'dem\u03bf@example.com', 'The part before the @ mixes Latin and Greek letters, so it could pass for another address. Use one alphabet.' ],
  ]
  for (const [ name, typed, message ] of refused) {
    const check = readCredentials({ email: typed, password: PASSWORD })
    t.deepEqual(problemsOf(check), [ message ], `${name}: refused, saying why`)
    t.equal(!check.ok && check.email, typed, `${name}: the typed email is kept for the form`)
  }
  t.end()
})

test('one script per part is fine, and so is Latin mixed with Japanese, Chinese or Korean', t => {
  for (const good of [ 'демо@пример.рф', 'мария@example.com', 'café@example.com', 'cafe\u0301@example.com', 'user@bücher.de', '山田.taro@example.jp', 'ひらがな.カタカナ.漢字@example.jp', '홍길동@example.kr' ]) {
    t.equal(readCredentials({ email: good, password: PASSWORD }).ok, true, `"${good}": accepted`)
  }
  t.end()
})

test('normalising is idempotent for every code point, so a stored email normalises to itself', t => {
  let moved = 0
  for (let cp = 0; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue
    const once = normaliseEmail(`a${String.fromCodePoint(cp)}@example.com`)
    if (normaliseEmail(once) !== once) moved++
  }
  t.equal(moved, 0, 'normaliseEmail(normaliseEmail(x)) === normaliseEmail(x)')
  t.end()
})

test('a well-formed form gives the normalised email and the password exactly as typed', t => {
  const check = readCredentials({ email: ' Ada@Example.com ', password: `  ${PASSWORD}  ` })
  t.deepEqual(check, { ok: true, credentials: { email: 'ada@example.com', password: `  ${PASSWORD}  ` } }, 'ok, email normalised, password untouched (spaces count)')
  t.end()
})

test('an empty or missing email or password is refused, saying which', t => {
  t.deepEqual(problemsOf(readCredentials({ email: '', password: PASSWORD })), [ 'Enter your email address.' ], 'empty email')
  t.deepEqual(problemsOf(readCredentials({ email: '   ', password: PASSWORD })), [ 'Enter your email address.' ], 'an email of spaces is empty')
  t.deepEqual(problemsOf(readCredentials({ email: 'ada@example.com', password: '' })), [ 'Enter a password.' ], 'empty password')
  t.deepEqual(problemsOf(readCredentials({ password: PASSWORD })), [ 'Enter your email address.' ], 'no email field')
  t.deepEqual(problemsOf(readCredentials({ email: 'ada@example.com' })), [ 'Enter a password.' ], 'no password field')
  const nothing = readCredentials({})
  t.deepEqual(nothing, { ok: false, email: '', problems: [ 'Enter your email address.', 'Enter a password.' ] }, 'an empty form: both problems, and an empty email to show')
  t.end()
})

test('an email that is not shaped like name@domain.tld is refused', t => {
  for (const bad of [ 'ada', 'ada@', '@example.com', 'ada@example', 'ada example@example.com', 'ada@exa mple.com', 'ada@@example.com', 'ada@example.', 'ada@.com' ]) {
    t.deepEqual(problemsOf(readCredentials({ email: bad, password: PASSWORD })), [ 'Enter an email address like name@example.com.' ], `"${bad}": refused`)
  }
  for (const good of [ 'a@b.co', 'ada.lovelace+sessions@mail.example.org' ]) {
    t.equal(readCredentials({ email: good, password: PASSWORD }).ok, true, `"${good}": accepted`)
  }
  t.end()
})

test('an email over 254 characters is refused; 254 is accepted', t => {
  const at254 = `${'a'.repeat(254 - '@example.com'.length)}@example.com`
  t.equal(at254.length, EMAIL_MAX, 'control: the address is 254 characters')
  t.equal(readCredentials({ email: at254, password: PASSWORD }).ok, true, '254 characters: accepted')
  t.deepEqual(problemsOf(readCredentials({ email: `a${at254}`, password: PASSWORD })), [ 'An email address is at most 254 characters.' ], '255 characters: refused, naming the limit')
  t.end()
})

test('a password needs 8 to 256 characters, and the message says how many it has', t => {
  t.deepEqual(problemsOf(readCredentials({ email: 'ada@example.com', password: 'x'.repeat(7) })),
    [ 'A password has at least 8 characters (this one has 7).' ], '7 characters: refused, with the count')
  t.equal(readCredentials({ email: 'ada@example.com', password: 'x'.repeat(8) }).ok, true, '8 characters: accepted')
  t.equal(readCredentials({ email: 'ada@example.com', password: 'x'.repeat(256) }).ok, true, '256 characters: accepted')
  t.deepEqual(problemsOf(readCredentials({ email: 'ada@example.com', password: 'x'.repeat(257) })),
    [ 'A password has at most 256 characters (this one has 257).' ], '257 characters: refused, with the count')
  t.equal(readCredentials({ email: 'ada@example.com', password: ' '.repeat(8) }).ok, true, 'eight spaces: accepted (no composition rules)')
  t.end()
})

test('a password of emoji is counted by characters, not by UTF-16 units', t => {
  t.deepEqual(problemsOf(readCredentials({ email: 'ada@example.com', password: '😀'.repeat(7) })),
    [ 'A password has at least 8 characters (this one has 7).' ], '7 emoji (14 UTF-16 units): refused as 7 characters')
  t.equal(readCredentials({ email: 'ada@example.com', password: '😀'.repeat(8) }).ok, true, '8 emoji: accepted')
  t.equal(readCredentials({ email: 'ada@example.com', password: '😀'.repeat(256) }).ok, true, '256 emoji (512 UTF-16 units): accepted')
  t.deepEqual(problemsOf(readCredentials({ email: 'ada@example.com', password: '😀'.repeat(257) })),
    [ 'A password has at most 256 characters (this one has 257).' ], '257 emoji: refused as 257 characters')
  t.end()
})

test('a refused form gives back the email as typed, to refill the form, and never the password', t => {
  const check = readCredentials({ email: '  Ada@Example.COM', password: 'short' })
  t.equal(check.ok, false, 'refused')
  if (check.ok) return t.end()
  t.equal(check.email, '  Ada@Example.COM', 'the email exactly as typed')
  t.notOk(JSON.stringify(check).includes('short'), 'the password is nowhere in the result')
  const long = readCredentials({ email: 'a'.repeat(5000), password: PASSWORD })
  t.ok(!long.ok && long.email.length <= 2 * EMAIL_MAX, 'a huge email is cut before it is sent back')
  t.end()
})

test('several problems at once are all reported', t => {
  t.deepEqual(problemsOf(readCredentials({ email: 'not-an-email', password: 'short' })), [
    'Enter an email address like name@example.com.',
    'A password has at least 8 characters (this one has 5).',
  ], 'the email problem and the password problem, in form order')
  t.end()
})

test('a user agent is described as browser and system', t => {
  for (const [ label, ua, expected ] of [
    [ 'Chrome on Linux', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on Linux' ],
    [ 'Firefox on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Windows' ],
    [ 'Safari on macOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Safari on macOS' ],
    [ 'Safari on iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 'Safari on iOS' ],
    [ 'Edge on Windows (its UA also says Chrome and Safari)', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge on Windows' ],
    [ 'Chrome on Android (its UA also says Linux)', 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome on Android' ],
    [ 'curl', 'curl/8.5.0', 'curl' ],
    [ 'a Node script', 'node', 'a script' ],
    [ 'an empty user agent', '', 'a browser' ],
    [ 'no user agent', undefined, 'a browser' ],
  ] as const) {
    t.equal(describeDevice(ua), expected, `${label}: "${expected}"`)
  }
  t.end()
})

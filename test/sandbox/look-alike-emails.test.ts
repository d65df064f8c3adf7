// Addresses that display like another one: refused with a 400 that says why, or normalised to the
// same account (and the same lockout).
import test from 'tape'
import { DEMO, newEmail, registerAs, signInAs, signedInAs } from '../helpers/accounts.ts'
import { sessionClient } from '../helpers/http-client.ts'
import { storeUnderTest } from '../helpers/project.ts'
import { tableRows } from '../helpers/tables.ts'

const store = storeUnderTest()
const problems = (html: string) => [ ...html.matchAll(/<li>([^<]*)<\/li>/g) ].map(m => m[1])

test(`${store}: registering demo@example.com with a Cyrillic е or a zero-width space is refused with a 400 saying why`, async t => {
  const cases: [ string, string, RegExp ][] = [
    [ 'a Cyrillic е', 'd\u0435mo@example.com', /mixes Latin and Cyrillic letters, so it could pass for another address/ ],
    [ 'a zero-width space', 'de\u200bmo@example.com', /cannot contain invisible or control characters \(this one has U\+200B\)/ ],
    [ 'a soft hyphen', 'demo@exam\u00adple.com', /cannot contain invisible or control characters \(this one has U\+00AD\)/ ],
    [ 'a trailing dot', 'demo@example.com.', /cannot end with a dot/ ],
  ]
  for (const [ name, email, message ] of cases) {
    const browser = sessionClient()
    const page = await registerAs(browser, email, 'a long enough password')
    t.equal(page.status, 400, `${name}: 400`)
    t.ok(problems(page.body).some(problem => message.test(problem ?? '')), `${name}: the message says why`)
    t.equal(browser.cookie, undefined, `${name}: no session`)
  }
  const emails = (await tableRows('users')).map(row => String(row.email))
  t.notOk(emails.some(email => email !== DEMO.email && email.normalize('NFKC').replace(/[^\x20-\x7e]/g, '') === 'demo@example.com'), 'no look-alike of the demo account was stored')
})

test(`${store}: a fullwidth variant of an address is the same account, and meets the same lock`, async t => {
  const browser = sessionClient()
  const signedIn = await signInAs(browser, DEMO.email.replace('d', '\uff44').toUpperCase(), DEMO.password)
  t.equal(signedIn.status, 303, 'ＤEMO@EXAMPLE.COM (a fullwidth Ｄ) with the demo password signs in')
  t.equal(signedInAs((await browser.get('/')).body), DEMO.email, 'as demo@example.com')

  const email = newEmail('variant')
  await registerAs(sessionClient(), email)
  for (let i = 0; i < 5; i++) await signInAs(sessionClient(), email, 'wrong password!')
  const fullwidth = email.replace('@', '\uff20').replace('v', '\uff56')
  const variant = await signInAs(sessionClient(), fullwidth, 'a long enough password')
  t.equal(variant.status, 429, 'after 5 failed checks, the right password through a fullwidth variant is refused too (429)')
})

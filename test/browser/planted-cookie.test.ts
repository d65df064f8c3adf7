// A sibling subdomain can set `_idx` for the parent domain (`Domain=.sessions.test`). The app
// then trusts neither cookie; this checks, in a real browser, that it also clears them, so the
// visitor is not locked out for good.
import test from 'tape'
import { DEMO, signedInAs } from '../helpers/accounts.ts'
import { TEST_DOMAIN, screenshot, sharedBrowser } from '../helpers/browser.ts'
import { PORTS, storeUnderTest } from '../helpers/project.ts'

const store = storeUnderTest()
const APP = `http://app.${TEST_DOMAIN}:${PORTS.http}`

test(`${store}: in Chromium, an _idx planted for the parent domain is cleared, and signing in then works`, async t => {
  const browser = await sharedBrowser()
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } })
  const page = await context.newPage()
  const sessionCookies = async () => (await context.cookies()).filter(c => c.name === '_idx')
  try {
    await page.goto(APP + '/')
    await page.getByRole('button', { name: 'Count' }).click()
    await page.waitForURL(APP + '/')
    t.equal(await page.getByTestId('count').textContent(), '1', 'a session of this host, count 1')
    await context.addCookies([ { name: '_idx', value: 'planted-by-a-sibling', domain: `.${TEST_DOMAIN}`, path: '/' } ])
    t.equal((await sessionCookies()).length, 2, 'a sibling planted a second _idx for the parent domain')

    await page.goto(APP + '/')
    t.equal(await page.getByTestId('count').textContent(), '0', 'the app trusts neither: no session')
    t.match(await page.getByTestId('flash').textContent() ?? '', /several session cookies/, 'and says in one sentence what happened')
    t.deepEqual(await sessionCookies(), [], 'both cookies were cleared, the planted one included')
    await screenshot(page, 'planted-cookie-cleared')

    await page.goto(APP + '/login?next=%2Faccount')
    await page.getByLabel('Email').fill(DEMO.email)
    await page.getByLabel('Password').fill(DEMO.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(APP + '/account')
    t.equal(signedInAs(await page.content()), DEMO.email, 'signing in then works')
    await page.goto(APP + '/account')
    t.equal(page.url(), APP + '/account', 'and the next page is still signed in')
  }
  finally {
    await context.close()
  }
})

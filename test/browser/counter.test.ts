// The counter in real Chromium, with JavaScript off: the forms are plain HTML.
import test from 'tape'
import { screenshot, sharedBrowser } from '../helpers/browser.ts'
import { BASE_URL, storeUnderTest } from '../helpers/project.ts'

const store = storeUnderTest()

test(`${store}: in Chromium, Count three times shows 3 and Destroy shows 0`, async t => {
  const browser = await sharedBrowser()
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } })
  const page = await context.newPage()
  const count = page.getByTestId('count')
  try {
    await page.goto(BASE_URL + '/')
    t.equal(await count.textContent(), '0', 'a new visitor sees 0')
    t.equal((await context.cookies()).length, 0, 'and has no cookie')
    for (let i = 1; i <= 3; i++) {
      await page.getByRole('button', { name: 'Count' }).click()
      await page.waitForURL(BASE_URL + '/')
      t.equal(await count.textContent(), String(i), `after ${i} click${i > 1 ? 's' : ''} the page shows ${i}`)
    }
    const cookies = await context.cookies()
    t.deepEqual(cookies.map(c => [ c.name, c.httpOnly, c.sameSite ]), [ [ '_idx', true, 'Lax' ] ], 'one HttpOnly, SameSite=Lax session cookie')
    t.ok((await page.getByTestId('session-json').textContent())?.includes('"count": 3'), 'the contents show count: 3')
    await screenshot(page, 'home')

    await page.getByRole('button', { name: 'Destroy session' }).click()
    await page.waitForURL(BASE_URL + '/')
    t.equal(await count.textContent(), '0', 'after Destroy the page shows 0')
    t.deepEqual(await context.cookies(), [], 'and the browser dropped the cookie')
  }
  finally {
    await context.close()
  }
})

test(`${store}: in Chromium, an unknown page shows a 404 page`, async t => {
  const browser = await sharedBrowser()
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  try {
    const response = await page.goto(BASE_URL + '/missing-page')
    t.equal(response?.status(), 404, 'status 404')
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found', 'the heading says so')
    await page.getByRole('link', { name: 'Back to the counter' }).click()
    t.equal(page.url(), BASE_URL + '/', 'and links back to the counter')
  }
  finally {
    await context.close()
  }
})

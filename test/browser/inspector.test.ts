// The inspector, the notes page and its size guard, and the settings page, in Chromium. This
// file runs with JavaScript on, to prove that script typed into a note never runs.
import test from 'tape'
import { DEMO } from '../helpers/accounts.ts'
import { screenshot, sharedBrowser } from '../helpers/browser.ts'
import { BASE_URL, storeUnderTest } from '../helpers/project.ts'

const store = storeUnderTest()

test(`${store}: in Chromium, the inspector shows the session; notes grow it; script in a note never runs`, async t => {
  const browser = await sharedBrowser()
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } })
  const page = await context.newPage()
  const dialogs: string[] = []
  page.on('dialog', dialog => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  try {
    await page.goto(BASE_URL + '/notes')
    const inspector = page.getByTestId('inspector')
    t.equal(await inspector.getAttribute('open'), null, 'the inspector is closed by default')

    const hostile = [ '<script>alert("script")</script>', '<img src=x onerror=alert("img")>', '"><svg onload=alert("svg")>' ]
    for (const note of hostile) {
      await page.getByLabel('New note').fill(note)
      await page.getByRole('button', { name: 'Add note' }).click()
    }
    t.deepEqual(await page.getByTestId('notes').locator('.note-text').allTextContents(), hostile, 'the notes show as typed, as text')
    t.deepEqual(dialogs, [], 'and none of them ran')

    // Reload: the page that showed "Note added" also removed it, so the browser's cookie changed.
    await page.reload()
    await inspector.locator('summary').click()
    const cookie = (await context.cookies()).find(c => c.name === '_idx')
    const bytes = Number(await page.getByTestId('cookie-bytes').textContent())
    t.equal(bytes, Buffer.byteLength(`_idx=${cookie?.value ?? ''}`), 'the inspector’s cookie size is the cookie’s real size')
    const json = await page.getByTestId('inspector-json').textContent() ?? ''
    t.ok(json.includes('[redacted: the CSRF token is derived from it]'), 'the CSRF secret is redacted')
    if (store === 'jwe') {
      t.equal(await page.getByTestId('jwe-header').textContent(), '{"alg":"dir","enc":"A256GCM"}', 'the JWE header is shown')
      t.ok(await page.getByTestId('token-dies').isVisible(), 'and when the token dies')
    }
    else {
      const prefix = await page.getByTestId('id-prefix').textContent() ?? ''
      t.equal(prefix.length, 7, 'six characters of the session id (and an ellipsis)')
      t.notOk((await page.content()).includes(decodeURIComponent(cookie?.value ?? 'none').split('.')[0] ?? 'none'), 'the whole id is nowhere on the page')
    }
    await screenshot(page, 'inspector')
  }
  finally {
    await context.close()
  }
})

test(`${store}: in Chromium, a note that would overflow the store is refused and nothing changes`, async t => {
  const browser = await sharedBrowser()
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } })
  const page = await context.newPage()
  try {
    await page.goto(BASE_URL + '/notes')
    const note = 'n'.repeat(450)
    let refused = false
    for (let i = 0; i < 12 && !refused; i++) {
      const before = (await context.cookies()).find(c => c.name === '_idx')?.value
      await page.getByLabel('New note').fill(`${i}:${note}`)
      const response = await Promise.all([ page.waitForResponse(r => r.request().method() === 'POST'), page.getByRole('button', { name: 'Add note' }).click() ]).then(([ r ]) => r)
      if (response.status() === 413) {
        refused = true
        t.equal(store, 'jwe', 'only the cookie store runs out of room here')
        t.match(await page.getByRole('heading', { level: 1 }).textContent() ?? '', /too large/, 'the page says the session would be too large')
        t.match(await page.locator('.error').textContent() ?? '', /4096 bytes[\s\S]*DynamoDB/, 'why, and that DynamoDB sessions would hold it')
        t.equal((await context.cookies()).find(c => c.name === '_idx')?.value, before, 'the cookie is exactly as it was')
        await screenshot(page, 'cookie-size-refused')
        await page.goto(BASE_URL + '/notes')
        t.equal(await page.getByTestId('notes').locator('li').count(), i, `the ${i} earlier notes are all still there`)
      }
    }
    if (store === 'dynamodb') {
      t.notOk(refused, 'DynamoDB keeps twelve long notes')
      t.equal(await page.getByTestId('notes').locator('li').count(), 12, 'all twelve are listed')
      const cookie = (await context.cookies()).find(c => c.name === '_idx')
      t.ok((cookie?.value.length ?? 0) < 100, 'while the cookie stays a short signed id')
    }
    else {
      t.ok(refused, 'the JWE store refused a note before the cookie crossed 4096 bytes')
    }
  }
  finally {
    await context.close()
  }
})

test(`${store}: in Chromium, the settings page shows the sandbox's session settings to the admin`, async t => {
  const browser = await sharedBrowser()
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } })
  const page = await context.newPage()
  try {
    await page.goto(BASE_URL + '/login?next=%2Fsettings')
    await page.getByLabel('Email').fill(DEMO.email)
    await page.getByLabel('Password').fill(DEMO.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    t.equal(page.url(), BASE_URL + '/settings', 'the demo account lands on the settings page')
    t.equal(await page.getByTestId('store-testing').textContent(), store === 'jwe' ? 'JWE cookie' : 'DynamoDB “sessions”', 'showing the store in effect')
    await screenshot(page, 'settings')
  }
  finally {
    await context.close()
  }
})

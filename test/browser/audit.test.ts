// Every page a visitor can reach, audited in Chromium at 320 px (a phone, WCAG 1.4.10 Reflow) and at
// 1280 px with a long note in the session: no sideways scrolling, and axe-core (WCAG 2.2 AA and best
// practice) finds nothing. axe is injected with the CSP bypassed in this test's browser context only.
import { createRequire } from 'node:module'
import type { AxeResults } from 'axe-core'
import type { Page } from 'playwright'
import test from 'tape'
import type { Test } from 'tape'
import { DEMO, newEmail } from '../helpers/accounts.ts'
import { screenshot, sharedBrowser } from '../helpers/browser.ts'
import { BASE_URL, storeUnderTest } from '../helpers/project.ts'

const store = storeUnderTest()
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const AXE_TAGS = [ 'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice' ]
const NARROW = 320
const WIDE = 1280
// A note with no space to break at: the worst case for the notes list and the session's JSON.
const LONG_NOTE = 'x'.repeat(200)

interface Measure { state: string, narrow: number, wide: number }

/** axe's violations on the page as it is, one line each (rule, impact, where). */
async function axeViolations (page: Page): Promise<string[]> {
  if (!await page.evaluate(() => 'axe' in globalThis)) await page.addScriptTag({ path: AXE_PATH })
  const results = await page.evaluate(tags => (globalThis as unknown as { axe: { run: (options: object) => Promise<AxeResults> } })
    .axe.run({ runOnly: { type: 'tag', values: tags } }), AXE_TAGS)
  return results.violations.map(v => `${v.id} (${v.impact ?? 'no impact'}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
}

/** WCAG contrast ratio of two computed `rgb(…)` colours. */
function contrast (a: string, b: string): number {
  const luminance = (color: string) => {
    const [ r = 0, g = 0, b = 0 ] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const [ light, dark ] = [ luminance(a), luminance(b) ].sort((x, y) => y - x) as [ number, number ]
  return (light + 0.05) / (dark + 0.05)
}

/** The focused element's id, text and computed colours (outline, border), and its card's background. */
const focused = (page: Page) => page.evaluate<{ id: string, text: string, outline: string, border: string, card: string }>(`(() => {
  const el = document.activeElement, style = getComputedStyle(el)
  return { id: el.id, text: el.textContent.trim(), outline: style.outlineColor, border: style.borderTopColor,
    card: getComputedStyle(el.closest('.card') ?? document.body).backgroundColor }
})()`)

/** Whether the element with this id gets the focus (autofocus applies just after the page loads). */
const hasFocus = (page: Page, id: string) => page.waitForFunction(`document.activeElement?.id === ${JSON.stringify(id)}`, undefined, { timeout: 2000 })
  .then(() => true, () => false)

const scrollWidth = (page: Page) => page.evaluate<number>('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)')

/** Audits the page as it is now, at both widths, with the inspector open where there is one. */
async function audit (t: Test, page: Page, state: string, measures: Measure[], shot?: string): Promise<void> {
  const inspector = page.locator('details.inspector')
  if (await inspector.count() && await inspector.getAttribute('open') === null) await inspector.locator('summary').click()
  await page.setViewportSize({ width: NARROW, height: 640 })
  const narrow = await scrollWidth(page)
  t.ok(narrow <= NARROW, `${state}: fits ${NARROW} px without sideways scrolling (${narrow} px wide)`)
  t.deepEqual(await axeViolations(page), [], `${state}: axe-core finds no violation at ${NARROW} px`)
  if (shot) await screenshot(page, `${shot}-320`)
  if (await page.getByTestId('cookie-bytes').count()) {
    const bytes = await page.getByTestId('cookie-bytes').textContent() ?? ''
    const meter = page.getByRole('meter', { name: `Cookie sent with this request: ${bytes} of 4096 bytes`, exact: false })
    t.equal(await meter.count(), 1, `${state}: the cookie meter is named by its text`)
  }
  await page.setViewportSize({ width: WIDE, height: 800 })
  const wide = await scrollWidth(page)
  t.ok(wide <= WIDE, `${state}: fits ${WIDE} px (${wide} px wide)`)
  measures.push({ state, narrow, wide })
}

/** Fills and submits the note form, and waits for the page that answers. */
async function addNote (page: Page, note: string): Promise<number> {
  await page.getByLabel('New note').fill(note)
  const [ response ] = await Promise.all([
    page.waitForResponse(r => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Add note' }).click(),
  ])
  await page.waitForLoadState()
  return response.status()
}

test(`${store}: every page fits ${NARROW} px and ${WIDE} px, and axe-core finds no violation`, async t => {
  const started = Date.now()
  const browser = await sharedBrowser()
  const context = await browser.newContext({ bypassCSP: true })
  const page = await context.newPage()
  const measures: Measure[] = []
  try {
    await page.goto(BASE_URL + '/')
    await page.keyboard.press('Tab')
    t.equal((await focused(page)).text, 'Skip to content', 'the first tab stop is the skip link')
    await page.keyboard.press('Enter')
    t.equal((await focused(page)).id, 'main', 'which moves the focus to the main content')
    await page.keyboard.press('Tab')
    const button = await focused(page)
    t.equal(button.text, 'Count', 'so the next tab stop is the first button of the page')
    t.ok(contrast(button.outline, button.card) >= 3, `its focus ring has 3:1 against the card (${contrast(button.outline, button.card).toFixed(2)}:1)`)
    await audit(t, page, 'home, anonymous', measures)
    await page.getByRole('button', { name: 'Count' }).click()
    await page.waitForURL(BASE_URL + '/')
    await audit(t, page, 'home, counted, inspector open', measures, 'home')

    await page.goto(BASE_URL + '/notes')
    t.equal(await addNote(page, LONG_NOTE), 303, 'a long note is added')
    await audit(t, page, 'notes, with a long note', measures)
    await page.goto(BASE_URL + '/')
    await audit(t, page, 'home, with a long note', measures)

    await page.goto(BASE_URL + '/notes')
    t.equal(await addNote(page, '   '), 400, 'a blank note is refused')
    t.ok(await hasFocus(page, 'note-problem'), 'the problem has the focus when the page loads')
    await audit(t, page, 'notes, 400', measures)
    await page.goto(BASE_URL + '/notes')
    await page.evaluate('document.querySelectorAll(\'input[name="_csrf"]\').forEach(input => { input.value = "stale" })')
    t.equal(await addNote(page, 'from a stale tab'), 403, 'a stale form is refused')
    await audit(t, page, '403 page', measures)
    await page.goto(BASE_URL + '/no-such-page')
    await audit(t, page, '404 page', measures)
    await page.goto(BASE_URL + '/plain')
    await audit(t, page, 'the plain arc.http page', measures, 'plain')

    await page.goto(BASE_URL + '/register')
    await audit(t, page, 'register', measures)
    await page.goto(BASE_URL + '/login?next=%2Faccount')
    await audit(t, page, 'sign in', measures)
    await page.getByLabel('Email').focus()
    const field = await focused(page)
    t.ok(contrast(field.border, field.card) >= 3, `a field's border has 3:1 against the card (${contrast(field.border, field.card).toFixed(2)}:1)`)
    t.ok(contrast(field.outline, field.card) >= 3, `and so has its focus ring (${contrast(field.outline, field.card).toFixed(2)}:1)`)
    await page.getByLabel('Email').fill(newEmail('audit'))
    await page.getByLabel('Password').fill('not anybody’s password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForLoadState()
    t.ok(await hasFocus(page, 'auth-problems'), 'the problem summary has the focus when the page loads')
    t.match(await page.title(), /^Error: Sign in/, 'and the title starts with “Error:”')
    await audit(t, page, 'sign in, 400', measures)
    await page.getByLabel('Email').fill(DEMO.email)
    await page.getByLabel('Password').fill(DEMO.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(BASE_URL + '/account')

    await page.goto(BASE_URL + '/notes')
    t.equal(await addNote(page, LONG_NOTE), 303, 'signed in, a long note is added')
    await page.goto(BASE_URL + '/account')
    await audit(t, page, 'account, signed in as the admin', measures, 'account')
    await page.goto(BASE_URL + '/account/sessions')
    await audit(t, page, 'sessions', measures, 'sessions')
    await page.goto(BASE_URL + '/settings')
    await audit(t, page, 'settings', measures, 'settings')
    await page.goto(BASE_URL + '/')
    await audit(t, page, 'home, signed in', measures)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(BASE_URL + '/signed-out')
    await audit(t, page, 'signed out', measures)

    if (store === 'jwe') {
      // Only the cookie store runs out of room within a few notes: fill it until one is refused.
      await context.clearCookies()
      await page.goto(BASE_URL + '/notes')
      let status = 303
      for (let i = 0; i < 12 && status !== 413; i++) status = await addNote(page, `${i}:${'n'.repeat(450)}`)
      t.equal(status, 413, 'a note that would overflow the cookie is refused')
      await audit(t, page, '413 page', measures)
    }
  }
  finally {
    await context.close()
  }
  for (const m of measures) t.comment(`${m.state}: ${m.narrow} px at ${NARROW}, ${m.wide} px at ${WIDE}`)
  t.comment(`widest at ${NARROW} px: ${Math.max(...measures.map(m => m.narrow))} px; audit took ${Date.now() - started} ms`)
})

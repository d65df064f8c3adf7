// Real Chromium, driven by Playwright. Playwright cannot download its own browsers here, so
// the tests use a system Chromium: CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright'
import type { Browser, Page } from 'playwright'
import { ROOT } from './project.ts'

export function chromiumPath (): string | undefined {
  const candidates = [ process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser' ]
  return candidates.find((path): path is string => !!path && existsSync(path))
}

/** A domain of the tests' own, resolved to this machine by Chromium alone. */
export const TEST_DOMAIN = 'sessions.test'

let browser: Promise<Browser> | undefined

/** One browser per test process; each test opens its own context (its own cookie jar). */
export function sharedBrowser (): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      // This machine has no network: without these, Chromium floods refused connections.
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // app.sessions.test and its parent domain, for cookies a sibling subdomain could plant.
      `--host-resolver-rules=MAP *.${TEST_DOMAIN} 127.0.0.1`,
    ],
  })
  return browser
}

export async function closeBrowser (): Promise<void> {
  if (browser) await (await browser).close()
  browser = undefined
}

/**
 * Saves a full-page screenshot as `<name>-<store>.png`: in test-output/screenshots/, or where
 * SCREENSHOT_DIR says (`npm run screenshots` points it at docs/screenshots/ for the README).
 */
export async function screenshot (page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR ?? join(ROOT, 'test-output', 'screenshots')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}-${process.env.TEST_SESSION_STORE ?? 'app'}.png`), fullPage: true })
}

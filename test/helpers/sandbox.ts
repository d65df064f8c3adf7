// Starts the app in @architect/sandbox, in this process, under one session store, with a clock
// the tests can move (see src/shared/clock.ts).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import inventory from '@architect/inventory'
import sandbox from '@architect/sandbox'
import { PORTS, ROOT } from './project.ts'
import type { StoreName } from './project.ts'
import { makeTempDir } from './temp-dir.ts'

let offset = 0
let clockPath: string | undefined

/** The file the sandbox reads its clock offset from, made at first use (importing this module makes nothing). */
function clockFile (): string {
  if (!clockPath) {
    clockPath = join(makeTempDir('arc-sessions-clock-'), 'offset-ms')
    writeFileSync(clockPath, String(offset))
  }
  return clockPath
}

/** prefs.arc's `@env testing`, which `npm start` uses, with the session store replaced. */
export async function testingEnv (store: StoreName): Promise<Record<string, string>> {
  const { inv } = await inventory({ cwd: ROOT })
  const testing: Record<string, string> = inv._project.env.local?.testing ?? {}
  return { ...testing, ARC_SESSION_TABLE_NAME: store === 'jwe' ? 'jwe' : 'sessions' }
}

export async function startSandbox (store: StoreName): Promise<void> {
  Object.assign(process.env, {
    ARC_TABLES_PORT: String(PORTS.tables),
    ARC_INTERNAL_PORT: String(PORTS.internal),
    // No AWS here: dummy credentials keep the SDK from probing for real ones.
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    AWS_EC2_METADATA_DISABLED: 'true',
  })
  // SANDBOX_ENV_FROM tells the settings page that these variables, not prefs.arc, decide the store.
  const env = { ...await testingEnv(store), SANDBOX_CLOCK_OFFSET_FILE: clockFile(), SANDBOX_ENV_FROM: 'start-options' }
  await sandbox.start({ cwd: ROOT, port: PORTS.http, quiet: true, env })
}

export async function stopSandbox (): Promise<void> {
  await sandbox.end()
}

/** Lets `ms` pass for the app (cumulative) without waiting. */
export function moveClock (ms: number): void {
  offset += ms
  writeFileSync(clockFile(), String(offset))
}

/** Back to real time; call it when a test that moved the clock ends. */
export function resetClock (): void {
  offset = 0
  writeFileSync(clockFile(), '0')
}

/** The app's idea of now. */
export function appNow (): number {
  return Date.now() + offset
}

// Starts the app in @architect/sandbox, in this process, under one session store.
import inventory from '@architect/inventory'
import sandbox from '@architect/sandbox'
import { PORTS, ROOT } from './project.ts'
import type { StoreName } from './project.ts'

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
  await sandbox.start({ cwd: ROOT, port: PORTS.http, quiet: true, env: await testingEnv(store) })
}

export async function stopSandbox (): Promise<void> {
  await sandbox.end()
}

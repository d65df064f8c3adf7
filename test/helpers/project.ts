// Where the project is, and the sandbox ports tests use (away from a developer's own
// `npm start` on 3333 / 5555 / 2222, so both can run at once).
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** TEST_PORT_OFFSET shifts every test port, so two checkouts can run their suites at once. */
export const PORT_OFFSET = Number(process.env.TEST_PORT_OFFSET ?? 0)

export const PORTS = { http: 3555 + PORT_OFFSET, tables: 5565 + PORT_OFFSET, internal: 2232 + PORT_OFFSET } as const

export const BASE_URL = `http://localhost:${PORTS.http}`

export type StoreName = 'jwe' | 'dynamodb'

/** The store a sandbox suite runs under, from the runner's TEST_SESSION_STORE. */
export function storeUnderTest (): StoreName {
  const store = process.env.TEST_SESSION_STORE
  if (store !== 'jwe' && store !== 'dynamodb') throw new Error('TEST_SESSION_STORE must be jwe or dynamodb')
  return store
}

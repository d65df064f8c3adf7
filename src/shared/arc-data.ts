// Architect's DynamoDB data client (`arc.tables()`), loaded on first use: most requests (JWE
// sessions, or no session cookie) never touch a table. It is built from @architect/functions'
// own tables and service-discovery modules rather than its index, which would also bundle its
// HTTP, events and WebSocket code (about 40 KB) into every handler that only needs tables.
import { promisify } from 'node:util'

export async function arcData () {
  const { default: discovery } = await import('@architect/functions/src/discovery/index.js')
  const { default: tables } = await import('@architect/functions/src/tables/index.js')
  return tables({ services: promisify(discovery) })()
}

import type { SessionStore } from '#shared/config.ts'

/** How a page names the session store in use. */
export function storeLabel (store: SessionStore | undefined): string {
  if (!store) return 'unknown (configuration error)'
  return store.kind === 'jwe' ? 'JWE cookie' : `DynamoDB table “${store.table}”`
}

import type { SessionStore } from '#shared/config.ts'
import type { FlashKey } from '#shared/session/types.ts'

/** How a page names the session store in use. */
export function storeLabel (store: SessionStore | undefined): string {
  if (!store) return 'unknown (configuration error)'
  return store.kind === 'jwe' ? 'JWE cookie' : `DynamoDB table “${store.table}”`
}

/** A moment as people read it: `2026-11-26 18:40 UTC`. */
export function formatTime (ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

export const FLASH_TEXT: Readonly<Record<FlashKey, string>> = {
  'registered': 'Welcome! Your account is ready, and you are signed in.',
  'signed-in': 'Signed in.',
  'signed-out': 'Signed out.',
  'session-revoked': 'Session revoked: that device is signed out.',
  'logged-out-everywhere': 'Signed out everywhere: every session of your account has ended.',
  'session-expired': 'Your session expired. Sign in again to continue.',
  'note-added': 'Note added to the session.',
  'note-deleted': 'Note deleted from the session.',
}

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
  'cookies-cleared': 'Your browser sent several session cookies, one probably set by another site on a parent domain, '
    + 'so none was trusted: all of them have been cleared, and you can sign in again.',
}

/** The handler's refusal pages. */
export const MESSAGES = {
  unreadableForm: { title: 'That form could not be read' },
  crossSite: {
    title: 'Refused: cross-site request',
    message: 'This form was sent from another site, so nothing was changed.',
  },
  noOrigin: {
    title: 'Refused: the form’s origin is unknown',
    message: 'Your browser (or a proxy or privacy tool on the way) sent neither an Origin nor a Sec-Fetch-Site header, '
      + 'so this site cannot tell that the form came from one of its own pages, and a form sent before you have a session '
      + 'carries no secret that would prove it. Nothing was changed. A current browser without such a tool sends them.',
  },
  staleToken: {
    title: 'Refused: the page was out of date',
    message: 'The form’s security token does not match your session (it may have changed in another tab, or expired). '
      + 'Nothing was changed: go back, reload the page and try again.',
  },
  tooLarge: {
    title: 'Not saved: the session would be too large',
    message: ({ store, bytes, limit }: { store: 'jwe' | 'dynamodb', bytes: number, limit: number }) => store === 'jwe'
      ? `This change would make the session cookie ${bytes} bytes. Browsers silently drop cookies over ${limit} bytes, `
        + 'so nothing was saved and your session is as it was. To keep more data, switch to DynamoDB sessions.'
      : `This change would make the session ${bytes} bytes, over DynamoDB’s ${limit}-byte item limit, `
        + 'so nothing was saved and your session is as it was.',
  },
  misconfigured: { title: 'This app is misconfigured' },
  failed: {
    title: 'Something went wrong',
    message: 'The server could not finish this request. Try again in a moment; if it keeps happening, the server log says why.',
  },
} as const

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

/** Where an environment's session store comes from, as the settings page names it. */
export const SETTINGS_SOURCE = {
  prefs: 'prefs.arc',
  ssm: (parameter: string) => `SSM ${parameter}`,
  lambda: 'this Lambda’s environment',
  default: 'Architect’s default',
}

/** What the settings page says about each environment's misconfigurations. */
export const SETTINGS_PROBLEMS = {
  unknownStore: (name: string, tables: readonly string[]) => `ARC_SESSION_TABLE_NAME is “${name}”, which is neither jwe `
    + `nor a sessions table in app.arc (${tables.join(', ') || 'none'}): every request will fail.`,
  algorithm: (algorithm: string, known: string[]) => `ARC_APP_SECRET_ALGO “${algorithm}” is not one of ${known.join(', ')}.`,
  secret: (name: string, problem: 'missing' | 'too-short' | 'testing-secret', length: number, algorithm: string) => ({
    'missing': `${name} is not set: JWE sessions fall back to a key printed in @architect/functions’ source, `
      + 'so anyone can forge a session.',
    'too-short': `${name} is shorter than the ${length} characters ${algorithm} needs.`,
    'testing-secret': `${name} is the public testing secret from prefs.arc: anyone can forge a session.`,
  })[problem],
  sameSite: (value: string) => `ARC_SESSION_SAME_SITE “${value}” is not lax, strict or none.`,
  sameSiteNone: 'ARC_SESSION_SAME_SITE is none, but the sandbox sends cookies without Secure, and browsers reject '
    + 'SameSite=None without Secure: no session will stick.',
  ttl: (value: string) => `ARC_SESSION_TTL “${value}” is not a positive number of seconds.`,
  overridden: (configured: string, running: string) => `prefs.arc says ${configured}, but this sandbox runs with ${running}: `
    + 'a .env file overrides it, or the sandbox is restarting.',
  envFile: 'A .env file exists: the sandbox uses it instead of prefs.arc’s @env, '
    + 'so switching here has no effect until it is removed.',
}

/** Why an environment's values cannot be read from here. */
export const SETTINGS_UNREADABLE = {
  deployed: 'A deployed Lambda sees only its own environment.',
  prefs: (why: string) => `prefs.arc could not be read: ${why}`,
  offline: (stage: string, why: string) => `Not connected to AWS from here. To see ${stage}’s variables: `
    + `npx arc env -e ${stage} (what failed: ${why})`,
}

const SESSIONS_CARRY_OVER = 'Sessions carry over: signed-in visitors stay signed in and counts are kept; '
  + 'each session moves to the new store at its next request.'
const storeSessions = (store: string) => store === 'jwe' ? 'JWE cookie sessions' : `DynamoDB sessions (table “${store}”)`

/** The settings page's own text, and what a switch did (or could not do) and what to run next. */
export const SETTINGS = {
  intro: 'Architect picks the session store from <code>ARC_SESSION_TABLE_NAME</code> in each environment: '
    + '<code>jwe</code> keeps sessions in an encrypted cookie; a table’s name keeps them in DynamoDB. The sandbox '
    + '(<em>testing</em>) reads it from <code>prefs.arc</code>; staging and production from the SSM parameters '
    + '<code>npx arc env</code> writes, baked into every Lambda at deploy. Switching carries sessions over: signed-in '
    + 'visitors stay signed in and counts are kept, each session moving to the new store at its next request.',
  readOnly: 'This is a deployed environment: the page is read-only. '
    + 'A deployed Lambda has no business rewriting its own configuration.',
  hint: 'Secret values are never shown: only whether they are set and long enough, and how many fallbacks there are.',
  secret: { 'set': 'set, long enough', 'missing': 'MISSING', 'too-short': 'TOO SHORT', 'testing-secret': 'the public testing secret' },
  adminsOnly: {
    title: 'Admins only',
    message: 'Only accounts listed in ADMIN_EMAILS (and, in the sandbox, the demo account) may see or change session settings.',
  },
  deployedRefusal: {
    title: 'Read-only here',
    message: 'Session settings can be switched only from the sandbox. A deployed Lambda does not rewrite its own configuration: '
      + 'run npx arc env from your machine, then deploy.',
  },
  notUnderstood: 'That switch was not understood',
  formProblems: {
    extra: (names: string[]) => `Unexpected field${names.length > 1 ? 's' : ''}: ${names.join(', ')}.`,
    stage: (stage: string, stages: readonly string[]) => `Unknown environment “${stage}”: it must be one of ${stages.join(', ')}.`,
    store: (store: string, tables: readonly string[]) => `Unknown session store “${store}”: it must be jwe `
      + `or a sessions table declared in app.arc (${tables.join(', ') || 'none'}).`,
  },
  switching: (store: string, seconds: number) => ({
    tone: 'ok' as const,
    title: `Switching the sandbox to ${storeSessions(store)}…`,
    lines: [
      `prefs.arc now says ARC_SESSION_TABLE_NAME ${store} under @env testing. The sandbox noticed and is restarting with it; `
        + `this page continues in ${seconds} seconds (if it then says “Lambda handler not found” or cannot connect, `
        + 'the sandbox is still restarting: reload in a moment).',
      SESSIONS_CARRY_OVER,
    ],
  }),
  switched: (store: string) => ({
    tone: 'ok' as const,
    title: 'The sandbox switched session store',
    lines: [
      `prefs.arc now sets ARC_SESSION_TABLE_NAME for testing, and the sandbox restarted with it. It now keeps sessions in: ${store}.`,
      SESSIONS_CARRY_OVER,
    ],
  }),
  notWritten: (stage: string, store: string, parameter: string, why: string) => ({
    tone: 'warn' as const,
    title: `Nothing was written: ${why}`,
    lines: [
      `Switching ${stage} means writing the SSM parameter ${parameter} with your AWS credentials, and this machine `
        + 'is not connected to AWS. Nothing was written anywhere.',
      'To make the same change by hand, run this where your AWS credentials are, then deploy:',
    ],
    command: `npx arc env -e ${stage} -a ARC_SESSION_TABLE_NAME ${store}\nnpm run deploy:${stage}`,
  }),
  written: (stage: string, store: string, parameter: string) => ({
    tone: 'ok' as const,
    title: `${stage} will use ${storeSessions(store)} from its next deploy`,
    lines: [ `Written to the SSM parameter ${parameter} (and mirrored into prefs.arc, as npx arc env does). `
      + 'Deployed Lambdas read it at deploy time, so deploy to apply it:' ],
    command: `npm run deploy:${stage}`,
  }),
}

// What the settings page shows for each environment: the session store in effect, where that
// value comes from, the other session variables, and what is wrong with them. Secrets are
// reduced to "set / missing / too short" here, before anything reaches a page.
import { KEY_LENGTH, keyLengthFor, secretFallbacks } from '#shared/config.ts'
import type { Env, Stage } from '#shared/config.ts'
import { secretProblem } from '#shared/secret-check.ts'

export const STAGES: readonly Stage[] = [ 'testing', 'staging', 'production' ]

export type ValueSource =
  /** prefs.arc `@env <stage>`: the sandbox's own settings (testing), or `arc env`'s mirror (staging, production). */
  | { kind: 'prefs' }
  /** The SSM parameter `npx arc env` writes, which `arc deploy` bakes into every Lambda. */
  | { kind: 'ssm', path: string }
  /** This Lambda's own environment, as deployed. */
  | { kind: 'lambda' }
  /** Not set anywhere: Architect's default applies. */
  | { kind: 'default' }

export type SecretState = 'set' | 'missing' | 'too-short' | 'testing-secret'

export interface EnvironmentRow {
  stage: Stage
  /** False when this environment's values could not be read from here; `unreadable` says why. */
  readable: boolean
  unreadable?: string
  /** ARC_SESSION_TABLE_NAME as configured, or `jwe` by default. */
  storeName: string
  store: 'jwe' | 'dynamodb' | 'unknown'
  storeSource: ValueSource
  ttl: string
  sameSite: string
  domain: string
  algorithm: string
  secret: SecretState
  /** How many SESSION_SECRET_FALLBACKS are set (their values are never shown). */
  fallbacks: number
  /** Misconfigurations, in words, for this row. */
  problems: string[]
}

export interface DescribeInput {
  stage: Stage
  vars: Env
  source: ValueSource
  /** Tables in app.arc that can hold sessions (keyed by `_idx`). */
  sessionTables: readonly string[]
}

const TWENTY_FIVE_YEARS = 7.884e8

export function describeEnvironment ({ stage, vars, source, sessionTables }: DescribeInput): EnvironmentRow {
  const problems: string[] = []
  const configured = vars.ARC_SESSION_TABLE_NAME || vars.SESSION_TABLE_NAME
  const storeName = configured || 'jwe'
  const store = storeName === 'jwe' ? 'jwe' : sessionTables.includes(storeName) ? 'dynamodb' : 'unknown'
  if (store === 'unknown') {
    problems.push(`ARC_SESSION_TABLE_NAME is “${storeName}”, which is neither jwe nor a sessions table in app.arc (${sessionTables.join(', ') || 'none'}): every request will fail.`)
  }

  const algorithm = vars.ARC_APP_SECRET_ALGO || 'A256GCM'
  const keyLength = keyLengthFor(algorithm)
  if (keyLength === undefined) problems.push(`ARC_APP_SECRET_ALGO “${algorithm}” is not one of ${Object.keys(KEY_LENGTH).join(', ')}.`)

  const secret: SecretState = secretProblem(vars, stage) ?? 'set'
  if (secret === 'missing') problems.push('ARC_APP_SECRET is not set: JWE sessions fall back to a key printed in @architect/functions’ source, so anyone can forge a session.')
  if (secret === 'too-short') problems.push(`ARC_APP_SECRET is shorter than the ${keyLength ?? KEY_LENGTH.A256GCM} characters ${algorithm} needs.`)
  if (secret === 'testing-secret') problems.push('ARC_APP_SECRET is the public testing secret from prefs.arc: anyone can forge a session.')
  // Each fallback still opens sessions, so it is held to ARC_APP_SECRET's rules (secretProblem judges one secret at a time).
  const fallbacks = secretFallbacks(vars)
  fallbacks.forEach((fallback, i) => {
    const problem = secretProblem({ ...vars, ARC_APP_SECRET: fallback }, stage)
    if (problem === 'too-short') problems.push(`SESSION_SECRET_FALLBACKS #${i + 1} is shorter than the ${keyLength ?? KEY_LENGTH.A256GCM} characters ${algorithm} needs.`)
    if (problem === 'testing-secret') problems.push(`SESSION_SECRET_FALLBACKS #${i + 1} is the public testing secret: anyone can forge a session.`)
  })

  const sameSite = vars.ARC_SESSION_SAME_SITE || 'lax'
  if (![ 'lax', 'strict', 'none' ].includes(sameSite.toLowerCase())) {
    problems.push(`ARC_SESSION_SAME_SITE “${sameSite}” is not lax, strict or none.`)
  }
  else if (sameSite.toLowerCase() === 'none' && stage === 'testing') {
    problems.push('ARC_SESSION_SAME_SITE is none, but the sandbox sends cookies without Secure, and browsers reject SameSite=None without Secure: no session will stick.')
  }

  const ttl = vars.ARC_SESSION_TTL || vars.SESSION_TTL
  if (ttl !== undefined && !(Number(ttl) > 0)) problems.push(`ARC_SESSION_TTL “${ttl}” is not a positive number of seconds.`)

  return {
    stage,
    readable: true,
    storeName,
    store,
    storeSource: configured ? source : { kind: 'default' },
    ttl: ttl ? `${ttl} s` : `${TWENTY_FIVE_YEARS} s (≈ 25 years, default)`,
    sameSite: vars.ARC_SESSION_SAME_SITE ? sameSite : 'lax (default)',
    domain: vars.ARC_SESSION_DOMAIN || vars.SESSION_DOMAIN || '(none: this host only)',
    algorithm: vars.ARC_APP_SECRET_ALGO ? algorithm : 'A256GCM (default)',
    secret,
    fallbacks: fallbacks.length,
    problems,
  }
}

/** A row for an environment whose values cannot be read from here. */
export function unreadableEnvironment (stage: Stage, why: string): EnvironmentRow {
  return {
    stage, readable: false, unreadable: why,
    storeName: '', store: 'unknown', storeSource: { kind: 'default' },
    ttl: '', sameSite: '', domain: '', algorithm: '', secret: 'missing', fallbacks: 0, problems: [],
  }
}

/** The command that does by hand what the switch does. */
export function arcEnvCommand (stage: Stage, storeName: string): string {
  return `npx arc env -e ${stage} -a ARC_SESSION_TABLE_NAME ${storeName}`
}

// What the settings page shows for each environment: the session store in effect, where that
// value comes from, the other session variables, and what is wrong with them. Secrets are
// reduced to "set / missing / too short" here, before anything reaches a page.
import { KEY_LENGTH, keyLengthFor, secretFallbacks } from '#shared/config.ts'
import type { Env, Stage } from '#shared/config.ts'
import { secretProblem } from '#shared/secret-check.ts'
import { SETTINGS_PROBLEMS as PROBLEMS, SETTINGS_SOURCE } from '#views/labels.ts'

export const STAGES: readonly Stage[] = [ 'testing', 'staging', 'production' ]

/** An environment whose values could not be read from here at all, and why. */
export interface UnreadableRow { stage: Stage, unreadable: string, store?: undefined, problems?: undefined }

export type EnvironmentRow = DescribedRow | UnreadableRow

export interface DescribedRow {
  stage: Stage
  /** Why the values are not the environment's own (prefs.arc's mirror of SSM, read while AWS is out of reach). */
  unreadable?: string
  /** ARC_SESSION_TABLE_NAME as configured, or `jwe` by default. */
  storeName: string
  store: 'jwe' | 'dynamodb' | 'unknown'
  /** Where the store's value comes from, in words. */
  source: string
  ttl: string
  sameSite: string
  domain: string
  algorithm: string
  secret: 'set' | 'missing' | 'too-short' | 'testing-secret'
  /** How many SESSION_SECRET_FALLBACKS are set (their values are never shown). */
  fallbacks: number
  /** Misconfigurations, in words. */
  problems: string[]
}

export interface DescribeInput {
  stage: Stage
  vars: Env
  /** Where ARC_SESSION_TABLE_NAME comes from, if it is set. */
  source: string
  /** Tables in app.arc that can hold sessions (keyed by `_idx`). */
  sessionTables: readonly string[]
}

export function describeEnvironment ({ stage, vars, source, sessionTables }: DescribeInput): DescribedRow {
  const configured = vars.ARC_SESSION_TABLE_NAME || vars.SESSION_TABLE_NAME
  const storeName = configured || 'jwe'
  const ttl = vars.ARC_SESSION_TTL || vars.SESSION_TTL
  return {
    stage,
    storeName,
    store: storeName === 'jwe' ? 'jwe' : sessionTables.includes(storeName) ? 'dynamodb' : 'unknown',
    source: configured ? source : SETTINGS_SOURCE.default,
    ttl: ttl ? `${ttl} s` : '788400000 s (≈ 25 years, default)',
    sameSite: vars.ARC_SESSION_SAME_SITE || 'lax (default)',
    domain: vars.ARC_SESSION_DOMAIN || vars.SESSION_DOMAIN || '(none: this host only)',
    algorithm: vars.ARC_APP_SECRET_ALGO || 'A256GCM (default)',
    secret: secretProblem(vars, stage) ?? 'set',
    fallbacks: secretFallbacks(vars).length,
    problems: problemsOf(stage, vars, storeName, sessionTables),
  }
}

/** Every setting in `vars` that would break sessions, in words; never a secret's value. */
function problemsOf (stage: Stage, vars: Env, storeName: string, sessionTables: readonly string[]): string[] {
  const algorithm = vars.ARC_APP_SECRET_ALGO || 'A256GCM'
  const sameSite = vars.ARC_SESSION_SAME_SITE || 'lax'
  const ttl = vars.ARC_SESSION_TTL || vars.SESSION_TTL
  // Each fallback still opens sessions, so it is held to ARC_APP_SECRET's rules.
  const secrets = [ [ 'ARC_APP_SECRET', vars.ARC_APP_SECRET ],
    ...secretFallbacks(vars).map((fallback, i) => [ `SESSION_SECRET_FALLBACKS #${i + 1}`, fallback ]) ]
  const secretProblems = secrets.map(([ name = '', secret ]) => {
    const problem = secretProblem({ ...vars, ARC_APP_SECRET: secret }, stage)
    return problem && PROBLEMS.secret(name, problem, keyLengthFor(algorithm) ?? KEY_LENGTH.A256GCM, algorithm)
  })
  return [
    storeName !== 'jwe' && !sessionTables.includes(storeName) && PROBLEMS.unknownStore(storeName, sessionTables),
    keyLengthFor(algorithm) === undefined && PROBLEMS.algorithm(algorithm, Object.keys(KEY_LENGTH)),
    ...secretProblems,
    ![ 'lax', 'strict', 'none' ].includes(sameSite.toLowerCase()) && PROBLEMS.sameSite(sameSite),
    sameSite.toLowerCase() === 'none' && stage === 'testing' && PROBLEMS.sameSiteNone,
    ttl !== undefined && !(Number(ttl) > 0) && PROBLEMS.ttl(ttl),
  ].filter(problem => typeof problem === 'string')
}

// What the settings page shows for each environment, read from where it really lives: prefs.arc
// for the sandbox (testing), SSM for staging and production, and in a deployed Lambda nothing but
// its own environment. Secrets are reduced to "set / missing / too short" before reaching a page.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { KEY_LENGTH, keyLengthFor, secretFallbacks } from '#shared/config.ts'
import type { Env, Stage } from '#shared/config.ts'
import { problemOfSecret, secretProblem } from '#shared/secret-check.ts'
import { PrefsEnvError, readPrefsEnv } from '#shared/settings/prefs-env.ts'
import { readStageEnv, ssmParameterName } from '#shared/settings/ssm.ts'
import type { DescribedEnvironment, EnvironmentRow } from '#views/page-state.ts'
import { SETTINGS_PROBLEMS as PROBLEMS, SETTINGS_SOURCE as SOURCE, SETTINGS_UNREADABLE as UNREADABLE } from '#views/labels.ts'

export const STAGES: readonly Stage[] = [ 'testing', 'staging', 'production' ]

/** `source` says where ARC_SESSION_TABLE_NAME comes from when set; `sessionTables`, the app.arc tables keyed by `_idx`. */
export function describeEnvironment ({ stage, vars, source, sessionTables }:
  { stage: Stage, vars: Env, source: string, sessionTables: readonly string[] }): DescribedEnvironment {
  const configured = vars.ARC_SESSION_TABLE_NAME || vars.SESSION_TABLE_NAME
  const storeName = configured || 'jwe'
  const ttl = vars.ARC_SESSION_TTL || vars.SESSION_TTL
  return {
    stage,
    storeName,
    store: storeName === 'jwe' ? 'jwe' as const : sessionTables.includes(storeName) ? 'dynamodb' as const : 'unknown' as const,
    source: configured ? source : SOURCE.default,
    // The other session variables as shown: defaults spelt out, the secret only judged, fallbacks only counted.
    ttl: ttl ? `${ttl} s` : '788400000 s (≈ 25 years, default)',
    sameSite: vars.ARC_SESSION_SAME_SITE || 'lax (default)',
    domain: vars.ARC_SESSION_DOMAIN || vars.SESSION_DOMAIN || '(none: this host only)',
    algorithm: vars.ARC_APP_SECRET_ALGO || 'A256GCM (default)',
    secret: secretProblem(vars, stage) ?? 'set' as const,
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
    const problem = problemOfSecret(secret, vars, stage)
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

/** The project folder, which the sandbox tells every Lambda it runs (ARC_SANDBOX); undefined when deployed. */
export function sandboxProjectRoot (env: Env): string | undefined {
  if ((env.ARC_ENV ?? 'testing') !== 'testing' || !env.ARC_SANDBOX) return undefined
  try {
    const { cwd } = JSON.parse(env.ARC_SANDBOX) as { cwd?: unknown }
    return typeof cwd === 'string' ? cwd : undefined
  }
  catch {
    return undefined
  }
}

export async function readEnvironments (env: Env, sessionTables: readonly string[]): Promise<EnvironmentRow[]> {
  const describe = (stage: Stage, vars: Env, source: string) => describeEnvironment({ stage, vars, source, sessionTables })
  const projectRoot = sandboxProjectRoot(env)
  if (!projectRoot) {
    const own = env.ARC_ENV ?? 'testing'
    return STAGES.map(stage => stage === own ? describe(stage, env, SOURCE.lambda) : { stage, unreadable: UNREADABLE.deployed })
  }
  const prefsPath = join(projectRoot, 'prefs.arc')
  let prefs: Env
  try {
    prefs = readPrefsEnv(existsSync(prefsPath) ? await readFile(prefsPath, 'utf8') : '').testing
  }
  catch (error) {
    if (!(error instanceof PrefsEnvError)) throw error
    return STAGES.map(stage => ({ stage, unreadable: UNREADABLE.prefs(error.message) }))
  }
  // The sandbox: this Lambda runs with its variables, which prefs.arc normally decides.
  const configured = prefs.ARC_SESSION_TABLE_NAME ?? 'jwe'
  const running = env.ARC_SESSION_TABLE_NAME || configured
  const testing = running === configured
    ? describe('testing', prefs, SOURCE.prefs)
    : describe('testing', { ...prefs, ARC_SESSION_TABLE_NAME: running }, SOURCE.lambda)
  // A sandbox started with variables of its own (as the tests start it) says so; any other mismatch is a problem.
  if (running !== configured && env.SANDBOX_ENV_FROM !== 'start-options') testing.problems.push(PROBLEMS.overridden(configured, running))
  if (existsSync(join(projectRoot, '.env'))) testing.problems.push(PROBLEMS.envFile)

  const app = env.ARC_APP_NAME ?? 'arc-app'
  return [ testing, ...await Promise.all(([ 'staging', 'production' ] as const).map(async stage => {
    const read = await readStageEnv(app, stage)
    // Not connected to AWS is not an error of the app: the row says so, and what to run where AWS is reachable.
    if (!read.ok) return { stage, unreadable: UNREADABLE.offline(stage, read.message) }
    return describe(stage, read.values, SOURCE.ssm(ssmParameterName(app, stage, 'ARC_SESSION_TABLE_NAME')))
  })) ]
}

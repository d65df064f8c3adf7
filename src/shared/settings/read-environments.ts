// Gathers the three environments' session settings from where each really lives: prefs.arc
// for the sandbox (testing), SSM for staging and production (with prefs.arc's mirror when AWS
// cannot be reached), and, in a deployed Lambda, nothing but its own environment.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Env, Stage } from '#shared/config.ts'
import { STAGES, describeEnvironment } from '#shared/settings/environments.ts'
import type { EnvironmentRow } from '#shared/settings/environments.ts'
import { PrefsEnvError, readPrefsEnv } from '#shared/settings/prefs-env.ts'
import type { PrefsEnv } from '#shared/settings/prefs-env.ts'
import { readStageEnv, ssmParameterName } from '#shared/settings/ssm.ts'
import { SETTINGS_PROBLEMS, SETTINGS_SOURCE, SETTINGS_UNREADABLE } from '#views/labels.ts'

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
    return STAGES.map(stage => stage === (env.ARC_ENV ?? 'testing')
      ? describe(stage, env, SETTINGS_SOURCE.lambda)
      : { stage, unreadable: SETTINGS_UNREADABLE.deployed })
  }
  const prefsPath = join(projectRoot, 'prefs.arc')
  let prefs: PrefsEnv
  try {
    prefs = readPrefsEnv(existsSync(prefsPath) ? await readFile(prefsPath, 'utf8') : '')
  }
  catch (error) {
    if (!(error instanceof PrefsEnvError)) throw error
    return STAGES.map(stage => ({ stage, unreadable: SETTINGS_UNREADABLE.prefs(error.message) }))
  }

  // The sandbox: this Lambda runs with its variables, which prefs.arc normally decides.
  const configured = prefs.testing.ARC_SESSION_TABLE_NAME ?? 'jwe'
  const running = env.ARC_SESSION_TABLE_NAME || configured
  const testing = running === configured
    ? describe('testing', prefs.testing, SETTINGS_SOURCE.prefs)
    : describe('testing', { ...prefs.testing, ARC_SESSION_TABLE_NAME: running }, SETTINGS_SOURCE.lambda)
  // A sandbox started with variables of its own (as the tests start it) says so; any other mismatch is a problem.
  if (running !== configured && env.SANDBOX_ENV_FROM !== 'start-options') {
    testing.problems.push(SETTINGS_PROBLEMS.overridden(configured, running))
  }
  if (existsSync(join(projectRoot, '.env'))) testing.problems.push(SETTINGS_PROBLEMS.envFile)

  const app = env.ARC_APP_NAME ?? 'arc-app'
  const remote = await Promise.all(([ 'staging', 'production' ] as const).map(async stage => {
    const read = await readStageEnv(app, stage)
    if (read.ok) return describe(stage, read.values, SETTINGS_SOURCE.ssm(ssmParameterName(app, stage, 'ARC_SESSION_TABLE_NAME')))
    // Not an error of the app: this machine is not connected to AWS. Say so, and what to run where it is.
    const unreadable = SETTINGS_UNREADABLE.offline(stage, read.message)
    if (Object.keys(prefs[stage]).length === 0) return { stage, unreadable }
    return { ...describe(stage, prefs[stage], SETTINGS_SOURCE.prefs), unreadable }
  }))
  return [ testing, ...remote ]
}

// Gathers the three environments' session settings from where each really lives: prefs.arc
// for the sandbox (testing), SSM for staging and production (with prefs.arc's mirror when AWS
// cannot be reached), and, in a deployed Lambda, nothing but its own environment.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Env, Stage } from '#shared/config.ts'
import { STAGES, describeEnvironment, unreadableEnvironment } from '#shared/settings/environments.ts'
import type { EnvironmentRow } from '#shared/settings/environments.ts'
import { PrefsEnvError, readPrefsEnv } from '#shared/settings/prefs-env.ts'
import type { PrefsEnv } from '#shared/settings/prefs-env.ts'
import { readStageEnv, ssmParameterName } from '#shared/settings/ssm.ts'

export interface SettingsContext {
  env: Env
  /** The project folder when running in the sandbox; undefined in a deployed Lambda. */
  projectRoot: string | undefined
  sessionTables: readonly string[]
}

/** The project folder, which the sandbox tells every Lambda it runs (ARC_SANDBOX). */
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

export async function readEnvironments ({ env, projectRoot, sessionTables }: SettingsContext): Promise<EnvironmentRow[]> {
  const app = env.ARC_APP_NAME ?? 'arc-app'
  if (!projectRoot) {
    const own = (env.ARC_ENV ?? 'testing') as Stage
    return STAGES.map(stage => stage === own
      ? describeEnvironment({ stage, vars: env, source: { kind: 'lambda' }, sessionTables })
      : unreadableEnvironment(stage, 'A deployed Lambda sees only its own environment.'))
  }
  const prefsPath = join(projectRoot, 'prefs.arc')
  let prefs: PrefsEnv
  try {
    prefs = readPrefsEnv(existsSync(prefsPath) ? await readFile(prefsPath, 'utf8') : '')
  }
  catch (error) {
    if (!(error instanceof PrefsEnvError)) throw error
    return STAGES.map(stage => unreadableEnvironment(stage, `prefs.arc could not be read: ${error.message}`))
  }
  return Promise.all(STAGES.map(async stage => {
    if (stage === 'testing') {
      // This Lambda runs with the sandbox's variables: what is in effect, which prefs.arc normally decides.
      const running = env.ARC_SESSION_TABLE_NAME
      const configured = prefs.testing.ARC_SESSION_TABLE_NAME ?? 'jwe'
      const vars = running && running !== configured ? { ...prefs.testing, ARC_SESSION_TABLE_NAME: running } : prefs.testing
      const row = describeEnvironment({ stage, vars, source: { kind: 'prefs' }, sessionTables })
      // A sandbox started with variables of its own (as the tests start it) says so; any other mismatch is a problem.
      if (vars !== prefs.testing) row.storeSource = { kind: 'lambda' }
      if (vars !== prefs.testing && env.SANDBOX_ENV_FROM !== 'start-options') {
        row.problems.push(`prefs.arc says ${configured}, but this sandbox runs with ${running}: a .env file overrides it, or the sandbox is restarting.`)
      }
      if (existsSync(join(projectRoot, '.env'))) {
        row.problems.push('A .env file exists: the sandbox uses it instead of prefs.arc’s @env, so switching here has no effect until it is removed.')
      }
      return row
    }
    const remote = await readStageEnv(app, stage)
    if (remote.ok) {
      return describeEnvironment({ stage, vars: remote.values, source: { kind: 'ssm', path: ssmParameterName(app, stage, 'ARC_SESSION_TABLE_NAME') }, sessionTables })
    }
    // Not an error of the app: this machine is not connected to AWS. Say so, and what to run where it is.
    const offline = `Not connected to AWS from here (${remote.message}). To see ${stage}’s variables: npx arc env -e ${stage}`
    if (Object.keys(prefs[stage]).length === 0) return unreadableEnvironment(stage, offline)
    return { ...describeEnvironment({ stage, vars: prefs[stage], source: { kind: 'prefs' }, sessionTables }), unreadable: offline }
  }))
}

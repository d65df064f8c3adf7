// The settings page and its switch, shared by GET and POST /settings.
import { join } from 'node:path'
import { DEMO_ACCOUNT } from '#shared/accounts/demo-account.ts'
import { arcData } from '#shared/arc-data.ts'
import { isAdmin } from '#shared/accounts/admins.ts'
import type { Env, Stage } from '#shared/config.ts'
import { errorResponse } from '#shared/http/route.ts'
import type { RouteRequest, RouteResponse } from '#shared/http/route.ts'
import { writePrefsEnvVar } from '#shared/settings/prefs-env.ts'
import { STAGES, readEnvironments, sandboxProjectRoot } from '#shared/settings/environments.ts'
import { ssmParameterName, writeStageEnvVar } from '#shared/settings/ssm.ts'
import type { SettingsNotice } from '#views/page-state.ts'
import { SETTINGS } from '#views/labels.ts'
import { renderPage } from '#views/render.ts'
import type { PageOptions } from '#views/render.ts'

/** What the settings routes read from outside; a test passes its own. */
export interface SettingsDeps { sessionTables: () => Promise<string[]> }

export const defaultSettingsDeps: SettingsDeps = { sessionTables: sessionTablesInApp }

/** The tables in app.arc keyed by `_idx`, as Architect's session store requires: only these (or `jwe`) may be chosen. */
async function sessionTablesInApp (): Promise<string[]> {
  const data = await arcData()
  const tables = Object.entries(await data.reflect() as Record<string, string>)
  const keys = await Promise.all(tables.map(([ , TableName ]) => data._client.DescribeTable({ TableName })))
  return tables.filter((_, i) => keys[i]?.Table?.KeySchema?.find(k => k.KeyType === 'HASH')?.AttributeName === '_idx')
    .map(([ logical ]) => logical).sort()
}

/** Settings are for admins only: others get 403 (anonymous visitors are sent to sign in first). */
export function refuseNonAdmin (request: RouteRequest): RouteResponse | undefined {
  if (isAdmin(request.user?.email, request.env, DEMO_ACCOUNT.email)) return undefined
  return errorResponse(request.page, 403, SETTINGS.adminsOnly.title, SETTINGS.adminsOnly.message)
}

/** What a switch did, to show on the settings page. */
export interface SwitchOutcome extends PageOptions {
  notice?: SettingsNotice
  status?: number
  /** Done once the reply is ready: writing prefs.arc restarts the sandbox, which drops open connections. */
  afterReply?: () => Promise<void>
}

export async function settingsPage (request: RouteRequest, deps: SettingsDeps, outcome: SwitchOutcome = {}): Promise<RouteResponse> {
  const sessionTables = await deps.sessionTables()
  const environments = await readEnvironments(request.env, sessionTables)
  const canSwitch = sandboxProjectRoot(request.env) !== undefined
  const body = `<settings-notice></settings-notice>
<section class="card" aria-labelledby="settings-heading">
  <h1 id="settings-heading">Session settings</h1>
  <p>${SETTINGS.intro}</p>
  ${canSwitch ? '' : `<p class="notice-inline">${SETTINGS.readOnly}</p>`}
  <settings-table></settings-table>
  <p class="hint">${SETTINGS.hint}</p>
</section>`
  const { notice, status = 200, afterReply: _later, ...options } = outcome
  const state = { environments, notice, sessionTables, canSwitch }
  return { statusCode: status, html: renderPage(request.page, 'Session settings', body, state, options) }
}

/** Exactly `_csrf`, `stage` and `store`, each one of the allowed values; anything else is a forgery. */
export function readSwitchForm (form: Readonly<Record<string, string>>, sessionTables: readonly string[]) {
  const extra = Object.keys(form).filter(name => ![ '_csrf', 'stage', 'store' ].includes(name))
  const stage = STAGES.find(s => s === form.stage)
  const store = form.store ?? ''
  if (extra.length > 0) return { problem: SETTINGS.formProblems.extra(extra) }
  if (!stage) return { problem: SETTINGS.formProblems.stage(form.stage ?? '', STAGES) }
  if (store !== 'jwe' && !sessionTables.includes(store)) return { problem: SETTINGS.formProblems.store(store, sessionTables) }
  return { stage, store }
}

/** Long enough for the sandbox to notice prefs.arc and restart. */
const RESTART_WAIT_SECONDS = 6

/**
 * Sets ARC_SESSION_TABLE_NAME for `stage` where that stage reads it. testing: prefs.arc, and the
 * sandbox restarts by itself. staging / production: the SSM parameter `npx arc env` writes, with the
 * developer's own AWS credentials, mirrored into prefs.arc as it does; it applies at the next deploy.
 */
export async function switchStore (env: Env, projectRoot: string, stage: Stage, store: string): Promise<SwitchOutcome> {
  const prefsPath = join(projectRoot, 'prefs.arc')
  if (stage === 'testing') {
    const refresh = { seconds: RESTART_WAIT_SECONDS, url: '/settings?switched=testing' }
    const afterReply = () => writePrefsEnvVar(prefsPath, stage, 'ARC_SESSION_TABLE_NAME', store)
    return { notice: SETTINGS.switching(store, RESTART_WAIT_SECONDS), refresh, afterReply }
  }
  const app = env.ARC_APP_NAME ?? 'arc-app'
  const parameter = ssmParameterName(app, stage, 'ARC_SESSION_TABLE_NAME')
  const written = await writeStageEnvVar(app, stage, 'ARC_SESSION_TABLE_NAME', store)
  if (!written.ok) return { notice: SETTINGS.notWritten(stage, store, parameter, written.message), status: 502 }
  await writePrefsEnvVar(prefsPath, stage, 'ARC_SESSION_TABLE_NAME', store)
  return { notice: SETTINGS.written(stage, store, parameter) }
}

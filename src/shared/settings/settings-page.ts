// The settings page and its switch, shared by GET and POST /settings.
import { DEMO_ACCOUNT } from '#shared/accounts/demo-account.ts'
import type { Stage } from '#shared/config.ts'
import { isAdmin } from '#shared/accounts/admins.ts'
import { errorResponse } from '#shared/http/route.ts'
import type { RouteRequest, RouteResponse } from '#shared/http/route.ts'
import { STAGES } from '#shared/settings/environments.ts'
import { readEnvironments, sandboxProjectRoot } from '#shared/settings/read-environments.ts'
import { sessionTablesInApp } from '#shared/settings/session-tables.ts'
import type { SettingsNotice } from '#views/elements/settings-notice.ts'
import { renderPage } from '#views/render.ts'
import type { PageOptions } from '#views/render.ts'

export interface SettingsDeps {
  sessionTables: () => Promise<string[]>
}

export const defaultSettingsDeps: SettingsDeps = { sessionTables: sessionTablesInApp }

/** Settings are for admins only: others get 403 (anonymous visitors are sent to sign in first). */
export function refuseNonAdmin (request: RouteRequest): RouteResponse | undefined {
  if (isAdmin(request.user?.email, request.env, DEMO_ACCOUNT.email)) return undefined
  return errorResponse(request.page, 403, 'Admins only',
    'Only accounts listed in ADMIN_EMAILS (and, in the sandbox, the demo account) may see or change session settings.')
}

export async function settingsPage (request: RouteRequest, deps: SettingsDeps, notice?: SettingsNotice, options: PageOptions & { status?: number } = {}): Promise<RouteResponse> {
  const projectRoot = sandboxProjectRoot(request.env)
  const sessionTables = await deps.sessionTables()
  const environments = await readEnvironments({ env: request.env, projectRoot, sessionTables })
  const body = `<settings-notice></settings-notice>
<section class="card" aria-labelledby="settings-heading">
  <h1 id="settings-heading">Session settings</h1>
  <p>Architect picks the session store from <code>ARC_SESSION_TABLE_NAME</code> in each environment:
  <code>jwe</code> keeps sessions in an encrypted cookie; a table’s name keeps them in DynamoDB. The sandbox
  (<em>testing</em>) reads it from <code>prefs.arc</code>; staging and production from the SSM parameters
  <code>npx arc env</code> writes, baked into every Lambda at deploy. Switching carries sessions over: signed-in visitors
  stay signed in and counts are kept, each session moving to the new store at its next request.</p>
  ${projectRoot ? '' : '<p class="notice-inline">This is a deployed environment: the page is read-only. A deployed Lambda has no business rewriting its own configuration.</p>'}
  <settings-table></settings-table>
  <p class="hint">Secret values are never shown: only whether they are set and long enough, and how many fallbacks there are.</p>
</section>`
  return {
    statusCode: options.status ?? 200,
    html: renderPage(request.page, 'Session settings', body, {
      environments, notice, sessionTables, canSwitch: projectRoot !== undefined,
    }, options),
  }
}

export type SwitchForm =
  | { ok: true, stage: Stage, store: string }
  | { ok: false, problem: string }

/** Exactly `_csrf`, `stage` and `store`, each one of the allowed values; anything else is a forgery. */
export function readSwitchForm (form: Readonly<Record<string, string>>, sessionTables: readonly string[]): SwitchForm {
  const extra = Object.keys(form).filter(name => ![ '_csrf', 'stage', 'store' ].includes(name))
  if (extra.length > 0) return { ok: false, problem: `Unexpected field${extra.length > 1 ? 's' : ''}: ${extra.join(', ')}.` }
  const stage = STAGES.find(s => s === form.stage)
  if (!stage) return { ok: false, problem: `Unknown environment “${form.stage ?? ''}”: it must be one of ${STAGES.join(', ')}.` }
  const store = form.store ?? ''
  if (store !== 'jwe' && !sessionTables.includes(store)) {
    return { ok: false, problem: `Unknown session store “${store}”: it must be jwe or a sessions table declared in app.arc (${sessionTables.join(', ') || 'none'}).` }
  }
  return { ok: true, stage, store }
}


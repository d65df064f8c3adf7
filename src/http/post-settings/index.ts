// POST /settings — switch one environment's session store (admins only, sandbox only).
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import { errorResponse } from '#shared/http/route.ts'
import { sandboxProjectRoot } from '#shared/settings/environments.ts'
import { defaultSettingsDeps, readSwitchForm, refuseNonAdmin, settingsPage, switchStore } from '#shared/settings/settings-page.ts'
import { SETTINGS } from '#views/labels.ts'

export function switchStoreRoute (deps = defaultSettingsDeps) {
  return requireSignedIn(async request => {
    const refused = refuseNonAdmin(request)
    if (refused) return refused
    const projectRoot = sandboxProjectRoot(request.env)
    if (!projectRoot) return errorResponse(request.page, 403, SETTINGS.deployedRefusal.title, SETTINGS.deployedRefusal.message)
    const form = readSwitchForm(request.form, await deps.sessionTables())
    if (!form.stage) return errorResponse(request.page, 400, SETTINGS.notUnderstood, `${form.problem} Nothing was written.`)
    const outcome = await switchStore(request.env, projectRoot, form.stage, form.store)
    const page = await settingsPage(request, deps, outcome)
    await outcome.afterReply?.()
    return page
  })
}

export const handler = createHandler(switchStoreRoute())

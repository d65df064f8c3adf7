// GET /settings — each environment's session store and settings (admins only).
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import { defaultSettingsDeps, refuseNonAdmin, settingsPage } from '#shared/settings/settings-page.ts'
import { SETTINGS, storeLabel } from '#views/labels.ts'

export function settingsRoute (deps = defaultSettingsDeps) {
  return requireSignedIn(async request => {
    const refused = refuseNonAdmin(request)
    if (refused) return refused
    // Back from a switch of the sandbox's store: say what happened to the session that made it.
    const switched = request.query.switched === 'testing'
    return settingsPage(request, deps, switched ? { notice: SETTINGS.switched(storeLabel(request.config.store)) } : {})
  })
}

export const handler = createHandler(settingsRoute())

// GET /settings — each environment's session store and settings (admins only).
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import type { Stage } from '#shared/config.ts'
import { STAGES } from '#shared/settings/environments.ts'
import { defaultSettingsDeps, refuseNonAdmin, settingsPage } from '#shared/settings/settings-page.ts'
import type { SettingsDeps } from '#shared/settings/settings-page.ts'

export function settingsRoute (deps: SettingsDeps = defaultSettingsDeps) {
  return requireSignedIn(async request => {
    const refused = refuseNonAdmin(request)
    if (refused) return refused
    // Back from a switch of the sandbox's store: say what happened to the session that made it.
    const switched = STAGES.find((stage: Stage) => stage === request.query.switched)
    const notice = switched === 'testing'
      ? {
        tone: 'ok' as const,
        title: 'The sandbox switched session store',
        lines: [
          `prefs.arc now sets ARC_SESSION_TABLE_NAME for testing, and the sandbox restarted with it. The sandbox now keeps sessions in: ${request.config.store.kind === 'jwe' ? 'JWE cookies' : `the DynamoDB table “${request.config.store.kind === 'dynamodb' ? request.config.store.table : ''}”`}.`,
          'Sessions carry over: signed-in visitors stay signed in and counts are kept; each session moves to the new store at its next request.',
        ],
      }
      : undefined
    return settingsPage(request, deps, notice)
  })
}

export const handler = createHandler(settingsRoute())

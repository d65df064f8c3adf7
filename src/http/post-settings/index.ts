// POST /settings — switch one environment's session store (admins only, sandbox only).
// testing: prefs.arc is rewritten and the sandbox restarts by itself. staging / production: the
// SSM parameter `npx arc env` would write, with the developer's own AWS credentials; it takes
// effect at the next deploy. Without AWS, nothing is written and the command to run is shown.
import { createHandler } from '#shared/http/handler.ts'
import { requireSignedIn } from '#shared/http/require-signed-in.ts'
import { arcEnvCommand } from '#shared/settings/environments.ts'
import { writePrefsEnvVar } from '#shared/settings/prefs-env.ts'
import { sandboxProjectRoot } from '#shared/settings/read-environments.ts'
import { defaultSettingsDeps, readSwitchForm, refuseNonAdmin, settingsPage } from '#shared/settings/settings-page.ts'
import type { SettingsDeps } from '#shared/settings/settings-page.ts'
import { ssmParameterName, writeStageEnvVar } from '#shared/settings/ssm.ts'
import { errorResponse } from '#shared/http/route.ts'
import { join } from 'node:path'

const NAME = 'ARC_SESSION_TABLE_NAME'
/** Long enough for the sandbox to notice prefs.arc and restart. */
const RESTART_WAIT_SECONDS = 4

export function switchStoreRoute (deps: SettingsDeps = defaultSettingsDeps) {
  return requireSignedIn(async request => {
    const refused = refuseNonAdmin(request)
    if (refused) return refused
    const { page, env } = request
    const projectRoot = sandboxProjectRoot(env)
    if (!projectRoot) {
      return errorResponse(page, 403, 'Read-only here', 'Session settings can be switched only from the sandbox. A deployed Lambda does not rewrite its own configuration: run npx arc env from your machine, then deploy.')
    }
    const form = readSwitchForm(request.form, await deps.sessionTables())
    if (!form.ok) return errorResponse(page, 400, 'That switch was not understood', `${form.problem} Nothing was written.`)
    const { stage, store } = form
    const prefsPath = join(projectRoot, 'prefs.arc')

    if (stage === 'testing') {
      await writePrefsEnvVar(prefsPath, 'testing', NAME, store)
      return settingsPage(request, deps, {
        tone: 'ok',
        title: `Switching the sandbox to ${describe(store)}…`,
        lines: [
          `prefs.arc now says ${NAME} ${store} under @env testing. The sandbox noticed and is restarting with it; this page continues in ${RESTART_WAIT_SECONDS} seconds.`,
          'Sessions carry over: signed-in visitors stay signed in and counts are kept; each session moves to the new store at its next request.',
        ],
      }, { refresh: { seconds: RESTART_WAIT_SECONDS, url: '/settings?switched=testing' } })
    }

    const app = env.ARC_APP_NAME ?? 'arc-app'
    const result = await writeStageEnvVar(app, stage, NAME, store)
    if (!result.ok) {
      return settingsPage(request, deps, {
        tone: 'warn',
        title: `Nothing was written: ${result.message}`,
        lines: [
          `Switching ${stage} means writing the SSM parameter ${ssmParameterName(app, stage, NAME)} with your AWS credentials, and this machine is not connected to AWS. Nothing was written anywhere.`,
          'To make the same change by hand, run this where your AWS credentials are, then deploy:',
        ],
        command: `${arcEnvCommand(stage, store)}\nnpm run deploy:${stage}`,
      }, { status: 502 })
    }
    // `npx arc env` mirrors what it writes into prefs.arc; so does this.
    await writePrefsEnvVar(prefsPath, stage, NAME, store)
    return settingsPage(request, deps, {
      tone: 'ok',
      title: `${stage} will use ${describe(store)} from its next deploy`,
      lines: [ `Written to the SSM parameter ${ssmParameterName(app, stage, NAME)} (and mirrored into prefs.arc, as npx arc env does). Deployed Lambdas read it at deploy time, so deploy to apply it:` ],
      command: `npm run deploy:${stage}`,
    })
  })
}

function describe (store: string): string {
  return store === 'jwe' ? 'JWE cookie sessions' : `DynamoDB sessions (table “${store}”)`
}

export const handler = createHandler(switchStoreRoute())

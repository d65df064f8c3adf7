// `npm run screenshots`: runs the browser tests in both session stores with SCREENSHOT_DIR set to
// docs/screenshots/, so the README's pictures are the app as the tests just saw it.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../test/helpers/project.ts'

const dir = join(ROOT, 'docs', 'screenshots')
const browserTests = readdirSync(join(ROOT, 'test', 'browser')).filter(f => f.endsWith('.test.ts')).map(f => join('test', 'browser', f))
let failed = false
for (const store of [ 'jwe', 'dynamodb' ]) {
  const run = spawnSync(process.execPath, [ ...process.execArgv, 'test/suite.ts', '--sandbox', store, ...browserTests ], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, SCREENSHOT_DIR: dir },
  })
  failed ||= run.status !== 0
}
console.log(`\nScreenshots in ${dir}:\n${readdirSync(dir).sort().join('\n')}`)
process.exitCode = failed ? 1 : 0

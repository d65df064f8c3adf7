// Runs test files in one tape process: `node test/suite.ts [--sandbox jwe|dynamodb] FILE...`.
// With --sandbox, the app runs in @architect/sandbox under that store for the whole suite.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import tape from 'tape'
import { closeBrowser } from './helpers/browser.ts'
import { startSandbox, stopSandbox } from './helpers/sandbox.ts'

const args = process.argv.slice(2)
const flag = args.indexOf('--sandbox')
const store = flag === -1 ? undefined : args.splice(flag, 2)[1]
if (store !== undefined && store !== 'jwe' && store !== 'dynamodb') throw new Error(`Unknown store "${store}"`)

tape.wait()
if (store) {
  process.env.TEST_SESSION_STORE = store
  await startSandbox(store)
}
for (const file of args) await import(pathToFileURL(resolve(file)).href)
tape.onFinish(async () => {
  await closeBrowser()
  if (store) await stopSandbox()
})
tape.run()

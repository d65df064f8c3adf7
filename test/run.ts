// `npm test`: type-check, lint, then every tape suite (unit; the app in the sandbox under each
// session store, over HTTP and in Chromium). Ends with `N passed, N failed`.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './helpers/project.ts'

interface Tally { passed: number, failed: number }

const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name)
const files = (dir: string) => readdirSync(join(ROOT, 'test', dir))
  .filter(f => f.endsWith('.test.ts')).sort().map(f => join('test', dir, f))

const steps: { name: string, command: string[], tape: boolean }[] = [
  { name: 'type-check (tsc --noEmit)', command: [ bin('tsc'), '--noEmit', '-p', '.' ], tape: false },
  { name: 'lint (eslint)', command: [ bin('eslint'), '--max-warnings=0', '.' ], tape: false },
  { name: 'unit', command: [ process.execPath, ...process.execArgv, 'test/suite.ts', ...files('unit') ], tape: true },
  ...([ 'jwe', 'dynamodb' ] as const).map(store => ({
    name: `sandbox, ${store} sessions`,
    command: [ process.execPath, ...process.execArgv, 'test/suite.ts', '--sandbox', store, ...files('sandbox'), ...files('browser') ],
    tape: true,
  })),
  {
    name: 'settings: npm start in a copy of the project',
    command: [ process.execPath, ...process.execArgv, 'test/suite.ts', ...files('settings') ],
    tape: true,
  },
]

const only = process.argv.slice(2)
const total: Tally = { passed: 0, failed: 0 }
for (const step of steps) {
  if (only.length && !only.some(word => step.name.includes(word))) continue
  console.log(`\n=== ${step.name}`)
  const result = await run(step.command, step.tape)
  total.passed += result.passed
  total.failed += result.failed
}
console.log(`\n${total.passed} passed, ${total.failed} failed`)
process.exitCode = total.failed === 0 && total.passed > 0 ? 0 : 1

/** Streams a command's output; a tape suite counts its assertions, anything else counts as one check. */
function run ([ command = '', ...args ]: string[], tape: boolean): Promise<Tally> {
  return new Promise(done => {
    const child = spawn(command, args, { cwd: ROOT, stdio: [ 'ignore', 'pipe', 'inherit' ] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk)
      output += chunk.toString()
    })
    child.on('close', code => {
      if (!tape) return done(code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 })
      const passed = Number(/^# pass\s+(\d+)$/m.exec(output)?.[1] ?? 0)
      const failed = Number(/^# fail\s+(\d+)$/m.exec(output)?.[1] ?? 0)
      // A suite that crashed, or exited non-zero without saying why, is one more failure.
      const crashed = code !== 0 && failed === 0 ? 1 : 0
      if (crashed) console.log(`not ok - the suite exited with code ${code} before reporting its failures`)
      done({ passed, failed: failed + crashed })
    })
  })
}

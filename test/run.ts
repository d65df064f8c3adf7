// `npm test`: type-check, lint, then every tape suite (unit; the app in the sandbox under each
// session store, over HTTP and in Chromium). Ends with `N passed, N failed`. The `npm start`
// suites run beside the others (ports and a folder of their own; they mostly wait for sandbox
// restarts): their output is printed when they end.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './helpers/project.ts'

interface Tally { passed: number, failed: number }

const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name)
const files = (dir: string) => readdirSync(join(ROOT, 'test', dir))
  .filter(f => f.endsWith('.test.ts')).sort().map(f => join('test', dir, f))

interface Step { name: string, command: string[], tape: boolean, beside?: boolean }

const steps: Step[] = [
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
    beside: true,
  },
]

const only = process.argv.slice(2)
const chosen = steps.filter(step => !only.length || only.some(word => step.name.includes(word)))
const started = Date.now()
const seconds = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`
// Started first, printed last.
const beside = chosen.filter(step => step.beside).map(step => {
  const since = Date.now()
  return run(step.command, step.tape, false).then(result => ({ step, result, took: seconds(since) }))
})
const results: Tally[] = []
for (const step of chosen.filter(step => !step.beside)) {
  console.log(`\n=== ${step.name}`)
  const since = Date.now()
  results.push(await run(step.command, step.tape, true))
  console.log(`(${step.name}: ${seconds(since)})`)
}
for (const { step, result, took } of await Promise.all(beside)) {
  console.log(`\n=== ${step.name} (ran beside the others)\n${result.output}`)
  console.log(`(${step.name}: ${took})`)
  results.push(result)
}
const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed }), { passed: 0, failed: 0 })
console.log(`\n(all: ${seconds(started)})`)
console.log(`\n${total.passed} passed, ${total.failed} failed`)
process.exitCode = total.failed === 0 && total.passed > 0 ? 0 : 1

/** Runs a command (streaming its output, or keeping it); a tape suite counts its assertions, anything else counts as one check. */
function run ([ command = '', ...args ]: string[], tape: boolean, stream: boolean): Promise<Tally & { output: string }> {
  return new Promise(resolve => {
    const child = spawn(command, args, { cwd: ROOT, stdio: [ 'ignore', 'pipe', stream ? 'inherit' : 'pipe' ] })
    let output = ''
    const keep = (chunk: Buffer) => {
      if (stream) process.stdout.write(chunk)
      output += chunk.toString()
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const done = (tally: Tally) => resolve({ ...tally, output })
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

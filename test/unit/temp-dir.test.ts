// A test run leaves nothing in the system's temp folder: each helper's folders go however the
// process ends (done, failed, crashed, stopped), and importing a helper makes none.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import test from 'tape'
import { ROOT } from '../helpers/project.ts'

const helper = (name: string) => pathToFileURL(join(ROOT, 'test', 'helpers', name)).href

/** Runs `script` (an ES module) in a new Node whose temp folder is `temp`; answers how it ended. */
function runNode (script: string, temp: string): Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [ ...process.execArgv, '--input-type=module', '-e', script ], {
      env: { ...process.env, TMPDIR: temp }, stdio: [ 'ignore', 'pipe', 'ignore' ],
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (stdout.includes('made')) child.kill('SIGTERM')
    })
    child.on('close', (code, signal) => resolve({ code, signal, stdout }))
  })
}

/** A temp folder for the child to use as its own, so that only its leftovers are counted. */
function childTemp (t: test.Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'arc-sessions-temp-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const make = `import { makeTempDir } from '${helper('temp-dir.ts')}'
import { writeFileSync } from 'node:fs'
const dir = makeTempDir('x-')
writeFileSync(dir + '/file', 'x')`

test('a helper\'s temp folder is removed at exit, after a crash, and on SIGTERM', async t => {
  const endings = {
    'the process exits normally': `${make}\n`,
    'the process crashes (uncaught error)': `${make}\nthrow new Error('boom')\n`,
    'the process is stopped by SIGTERM': `${make}\nconsole.log('made')\nsetInterval(() => {}, 1000)\n`,
  }
  for (const [ ending, script ] of Object.entries(endings)) {
    const temp = childTemp(t)
    const { code, signal } = await runNode(script, temp)
    t.deepEqual(readdirSync(temp), [], `${ending}: nothing is left (exit code ${code}, signal ${signal})`)
  }
  const stopped = await runNode(endings['the process is stopped by SIGTERM'], childTemp(t))
  t.equal(stopped.signal, 'SIGTERM', 'a process stopped by SIGTERM still dies of SIGTERM (its exit status is unchanged)')
})

test('importing the sandbox helper makes no temp folder; its clock file goes at exit', async t => {
  const imported = childTemp(t)
  await runNode(`await import('${helper('sandbox.ts')}')\n`, imported)
  t.deepEqual(readdirSync(imported), [], 'imported only: no folder')
  const used = childTemp(t)
  await runNode(`const { moveClock } = await import('${helper('sandbox.ts')}')\nmoveClock(1000)\n`, used)
  t.deepEqual(readdirSync(used), [], 'clock moved, then exit: no folder left')
})

// A throwaway copy of the project, run with `npm start` exactly as a developer would, on ports
// of its own: for tests that rewrite prefs.arc and restart the sandbox.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { cpSync, symlinkSync } from 'node:fs'
import { join, relative } from 'node:path'
import { PORT_OFFSET, ROOT } from './project.ts'
import { makeTempDir, removeTempDir } from './temp-dir.ts'

export const COPY_PORTS = { http: 3557 + PORT_OFFSET, tables: 5567 + PORT_OFFSET, internal: 2234 + PORT_OFFSET } as const
export const COPY_URL = `http://localhost:${COPY_PORTS.http}`

const LEFT_OUT = [ 'node_modules', '.build', '.sandbox-data', 'test-output', '.git' ]

export interface RunningCopy {
  dir: string
  /** What `npm start` has printed so far (the sandbox's own log included). */
  log (): string
  stop (): Promise<void>
}

export async function startProjectCopy (): Promise<RunningCopy> {
  const group: { pid?: number } = {}
  // If this process dies first, the copy's sandbox must not outlive it, nor keep writing into the folder.
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (group.pid) process.kill(-group.pid, signal)
    }
    catch {
      // Already gone.
    }
  }
  const dir = makeTempDir('arc-sessions-copy-', () => kill('SIGKILL'))
  cpSync(ROOT, dir, { recursive: true, filter: source => !LEFT_OUT.includes(relative(ROOT, source).split('/')[0] ?? '') })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  const env = {
    ...process.env,
    PORT: String(COPY_PORTS.http),
    ARC_TABLES_PORT: String(COPY_PORTS.tables),
    ARC_INTERNAL_PORT: String(COPY_PORTS.internal),
  }
  const child: ChildProcess = spawn('npm', [ 'start' ], { cwd: dir, env, detached: true, stdio: [ 'ignore', 'pipe', 'pipe' ] })
  group.pid = child.pid
  let log = ''
  child.stdout?.on('data', (chunk: Buffer) => { log += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString() })
  const stop = async () => {
    kill('SIGTERM')
    await new Promise(resolve => child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve))
    removeTempDir(dir)
  }
  try {
    // The sandbox answers some routes before its TypeScript build is done, and 502 on others: ask several.
    const ready = async () => (await Promise.all([ '/', '/login', '/register' ].map(async path => (await fetch(COPY_URL + path)).status)))
      .every(status => status === 200)
    await waitFor(ready, 60_000, 'the copy to answer 200 on /, /login and /register')
  }
  catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n${log}`, { cause: error })
  }
  return { dir, log: () => log, stop }
}

/** Polls `check` until it holds, or fails after `ms` saying what it waited for. */
export async function waitFor (check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      if (await check()) return
    }
    catch {
      // Not up yet, or restarting.
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

/**
 * Polls `check` until it has held without a break for `quietMs`: a sandbox that has just
 * restarted may restart once more (a rename shows up to its file watcher as two events).
 */
export async function waitForSteady (check: () => Promise<boolean>, quietMs: number, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  let since: number | undefined
  for (;;) {
    let holds = false
    try {
      holds = await check()
    }
    catch {
      // Restarting.
    }
    since = holds ? since ?? Date.now() : undefined
    if (since !== undefined && Date.now() - since >= quietMs) return
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

// Temp folders that a test process removes however it ends: when the test is done, when it fails,
// and when the process exits or is stopped by a signal before any teardown could run.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Each folder, with what must stop using it before it can go (a process writing into it). */
const made = new Map<string, (() => void) | undefined>()

function removeAll (): void {
  for (const [ dir, release ] of made) {
    try {
      release?.()
    }
    finally {
      removeTempDir(dir)
    }
  }
}

process.once('exit', removeAll)
for (const signal of [ 'SIGINT', 'SIGTERM', 'SIGHUP' ] as const) {
  process.once(signal, () => {
    removeAll()
    // Die of the same signal, as without this listener, unless someone else handles it.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  })
}

/**
 * A new empty folder in the system's temp folder, named `<prefix>…`, removed at exit at the
 * latest; `release` (synchronous) runs first then, e.g. to kill a process that writes into it.
 */
export function makeTempDir (prefix: string, release?: () => void): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.set(dir, release)
  return dir
}

export function removeTempDir (dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  made.delete(dir)
}

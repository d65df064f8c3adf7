// The app's clock. In the sandbox only (ARC_ENV=testing), SANDBOX_CLOCK_OFFSET_FILE may name a
// file holding a number of milliseconds to add to the real time, so tests can let 31 minutes
// pass without waiting them: each sandbox request runs in a new process, so the offset has to
// live outside it. Anywhere else the variable is ignored.
import { readFileSync } from 'node:fs'
import type { Env } from '#shared/config.ts'

export function clockFor (env: Env): () => number {
  const file = env.ARC_ENV === 'testing' || env.ARC_ENV === undefined ? env.SANDBOX_CLOCK_OFFSET_FILE : undefined
  if (!file) return Date.now
  return () => Date.now() + offsetIn(file)
}

function offsetIn (file: string): number {
  try {
    const offset = Number(readFileSync(file, 'utf8').trim())
    return Number.isFinite(offset) ? offset : 0
  }
  catch {
    return 0
  }
}

// Rewrites a small file so that a reader (the sandbox's file watcher, another writer) sees the old
// contents or the new, never half of one, and concurrent writers take turns instead of losing edits.
import { randomUUID } from 'node:crypto'
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

const LOCK_WAIT_MS = 3000
/** A writer that died holding the lock would block every later write: an older lock is broken. */
const LOCK_STALE_MS = 10_000

/**
 * Replaces the file at `path` (missing: '') with `edit` of its text: under a lock file next to it,
 * through a finished, synced temp file renamed over it, keeping its mode; behind a symlink, the
 * real file is written and the link stays a link. `busy` makes the error thrown after ~3 s of a live lock.
 */
export async function updateFile (path: string, edit: (text: string) => string, busy: (lock: string) => Error): Promise<void> {
  const target = await realpath(path).catch(() => path)
  const lock = `${target}.lock`
  const take = () => open(lock, 'wx').then(handle => handle.close().then(() => true), ignore('EEXIST', false))
  for (let delay = 5, deadline = Date.now() + LOCK_WAIT_MS; !await take();) {
    const age = await stat(lock).then(s => Date.now() - s.mtimeMs, () => 0)
    if (age > LOCK_STALE_MS) await unlink(lock).catch(ignore('ENOENT', undefined))
    else if (Date.now() >= deadline) throw busy(lock)
    else await new Promise(resolve => setTimeout(resolve, delay + Math.random() * delay))
    delay = Math.min(delay * 2, 50)
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomUUID()}.tmp`)
  try {
    const contents = edit(await readFile(target, 'utf8').catch(ignore('ENOENT', '')))
    const handle = await open(temp, 'wx', await stat(target).then(s => s.mode & 0o777, () => 0o644))
    await handle.writeFile(contents, 'utf8').then(() => handle.sync()).finally(() => handle.close())
    await rename(temp, target)
  }
  finally {
    await unlink(temp).catch(ignore('ENOENT', undefined))
    await unlink(lock).catch(ignore('ENOENT', undefined))
  }
}

/** A catch handler that answers `fallback` for the error code `code` and rethrows anything else. */
const ignore = <T>(code: string, fallback: T) => (error: unknown): T => {
  if ((error as NodeJS.ErrnoException).code === code) return fallback
  throw error
}

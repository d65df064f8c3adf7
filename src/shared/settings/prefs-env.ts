// prefs.arc's @env, read as Architect reads it and edited one variable at a time, so that every
// other byte (comments, other pragmas, blank lines, line endings) stays as the developer wrote it.
// `npx arc env` cannot be used for this: it rewrites the whole file from SSM, dropping comments.
// @architect/parser's lexer does the lexing; its tokens' line and column say where to splice.
import { randomUUID } from 'node:crypto'
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import parse from '@architect/parser'
import type { Token } from '@architect/parser'
import type { Stage } from '#shared/config.ts'

export type PrefsEnv = Record<Stage, Record<string, string>>

/** prefs.arc is something Architect would refuse or misread, or a name or value it cannot hold. */
export class PrefsEnvError extends Error {
  override name = 'PrefsEnvError'
}

const STAGES: readonly string[] = [ 'testing', 'staging', 'production' ]
const isStage = (word: unknown): word is Stage => STAGES.includes(word as string)

/** A token with its place in the text: `end` is where the next token starts. */
interface Placed { token: Token, start: number, end: number }
/** One line: where it starts, ends (before its newline) and where the next begins; its words. */
interface Line { number: number, start: number, end: number, next: number, indent: number, words: Placed[], pragma?: string }
interface Block { vars: Map<string, { first: Placed, last: Placed, value: string }>, last: Line }
interface Scanned { lines: Line[], env?: { at: number, end: number, blocks: Map<Stage, Block> } }

const fail = (line: number, problem: string): never => { throw new PrefsEnvError(`prefs.arc line ${line}: ${problem}`) }

function scan (text: string): Scanned {
  const lines: Line[] = []
  for (const match of text.matchAll(/[^\r\n]*(\r\n|\r|\n|$)/g)) {
    if (match.index === text.length && match[0] === '' && lines.length > 0) break
    const end = match.index + match[0].length - (match[1]?.length ?? 0)
    lines.push({ number: lines.length + 1, start: match.index, end, next: match.index + match[0].length, indent: 0, words: [] })
  }
  let tokens: Token[]
  try {
    tokens = parse.lexer(text)
  }
  catch (error) {
    const { line = 0, message = '' } = error as { line?: number, message?: string }
    return fail(line, `${message.replace(/ \(line: .*\)$/, '')}; Architect refuses the file`)
  }
  const places = tokens.map(token => (lines[token.line - 1]?.start ?? text.length) + token.column - 1)
  // After a backslash before a quote, the lexer takes the rest of the file as one string, then drops it.
  const tail = tokens.at(-1)
  const tailEnd = (places.at(-1) ?? 0) + (text.startsWith('\r\n', places.at(-1)) ? 2 : 1)
  if (tail && (tail.type === 'space' || tail.type === 'newline') && tailEnd < text.length) {
    fail(tail.line + (tail.type === 'newline' ? 1 : 0), `a backslash before the closing ${text[tailEnd]} quote; Architect cannot read that`)
  }
  const seen = new Set<string>()
  let env: Scanned['env'] | undefined
  tokens.forEach((token, i) => {
    const line = lines[token.line - 1] as Line
    const placed = { token, start: places[i] as number, end: places[i + 1] ?? text.length }
    if (token.type === 'space' && line.words.length === 0 && line.pragma === undefined) line.indent++
    if (token.type === 'pragma') {
      if (line.words.length > 0) fail(line.number, 'an unquoted @ starts a new pragma in the middle of a line; quote the value')
      const pragma = line.pragma = String(token.value).replace(/#.*/, '').trim()
      if (seen.has(pragma)) fail(line.number, `@${pragma} appears twice; Architect refuses a pragma defined twice`)
      seen.add(pragma)
      if (env && env.end === lines.length) env.end = token.line - 1
      if (line.pragma === 'env') env = { at: token.line - 1, end: lines.length, blocks: new Map() }
    }
    if ([ 'string', 'number', 'boolean' ].includes(token.type)) {
      if (/[\r\n]/.test(token.raw ?? '')) fail(line.number, `a ${token.quote} quote is not closed on the same line`)
      if (seen.size === 0) fail(line.number, 'text before the first @pragma; Architect cannot read that')
      line.words.push(placed)
    }
  })
  if (env) env.blocks = readBlocks(lines.slice(env.at + 1, env.end))
  return { lines, env }
}

/**
 * The stage blocks of @env, as @architect/parser builds its maps: a lone word with an indented line
 * under it, then every following line indented by exactly two spaces that starts with a name. Any
 * other line ends the block, and Architect ignores variables after it. Shapes Architect rejects or
 * reads unreliably are refused rather than guessed at.
 */
function readBlocks (lines: Line[]): Map<Stage, Block> {
  const blocks = new Map<Stage, Block>()
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] as Line
    const [ word, ...rest ] = header.words.map(w => w.token.value)
    if (word === undefined || (rest.length > 0 && !isStage(word))) continue
    if (rest.length > 0) fail(header.number, `"${word}" must be alone on its line, with its variables indented under it`)
    if (!((lines[i + 1]?.indent ?? 0) >= 2)) fail(header.number, `"${word}" has no variables indented under it; Architect rejects such an @env entry`)
    const block: Block = { vars: new Map(), last: header }
    for (; i + 1 < lines.length && lines[i + 1]?.indent === 2 && lines[i + 1]?.words.length; i++) {
      const line = lines[i + 1] as Line
      const [ key, ...values ] = line.words
      const name = String(key?.token.value)
      if (!values[0]) fail(line.number, `${name} has no value on its line; Architect reads values on the following lines unreliably`)
      if (isStage(word) && (key?.token.type !== 'string' || !/^[a-zA-Z0-9_]+$/.test(name))) {
        fail(line.number, `invalid variable name "${name}": Architect allows only [a-zA-Z0-9_]`)
      }
      block.vars.set(name, { first: values[0] as Placed, last: values.at(-1) as Placed, value: values.map(v => String(v.token.value)).join(' ') })
      block.last = line
    }
    if (isStage(word)) blocks.set(word, block)
  }
  return blocks
}

/** The @env variables of each stage in a prefs.arc text, as Architect hands them to the sandbox. */
export function readPrefsEnv (text: string): PrefsEnv {
  const { env } = scan(text)
  const vars = (stage: Stage) => Object.fromEntries([ ...env?.blocks.get(stage)?.vars ?? [] ].map(([ name, v ]) => [ name, v.value ]))
  return { testing: vars('testing'), staging: vars('staging'), production: vars('production') }
}

/**
 * The prefs.arc text with `name` set to `value` in `@env` / `stage`, changing nothing else: the value is
 * replaced in place, or a line is added at the end of the stage's block, or the block (and `@env`) is added.
 */
export function setPrefsEnvVar (text: string, stage: Stage, name: string, value: string): string {
  if (!isStage(stage)) throw new PrefsEnvError(`Unknown stage "${stage}": it must be one of ${STAGES.join(', ')}`)
  if (!/^[A-Za-z_]\w*$/.test(name) || name === 'true' || name === 'false') {
    throw new PrefsEnvError(`Invalid variable name "${name}": it must be letters, digits and _, not starting with a digit (and not true or false)`)
  }
  const encoded = encodeValue(value)
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\n'
  const { lines, env } = scan(text)
  const insertAfter = (line: Line, content: string[]) => line.next > line.end
    ? text.slice(0, line.next) + content.join(eol) + eol + text.slice(line.next)
    : text.slice(0, line.end) + eol + content.join(eol) + text.slice(line.end)
  const block = env?.blocks.get(stage)
  const current = block?.vars.get(name)
  let result: string
  if (current) result = text.slice(0, current.first.start) + encoded + text.slice(current.last.end)
  else if (block) result = insertAfter(block.last, [ `  ${name} ${encoded}` ])
  else if (env) {
    // After the last line of @env that holds a word (comments after it stay with what follows).
    const anchor = lines.slice(env.at + 1, env.end).findLast(line => line.words.length > 0) ?? lines[env.at] as Line
    const following = lines[anchor.number]
    const blank = (line: Line | undefined) => line === undefined || text.slice(line.start, line.end).trim() === ''
    result = insertAfter(anchor, [ ...anchor.pragma ? [] : [ '' ], stage, `  ${name} ${encoded}`, ...blank(following) ? [] : [ '' ] ])
  }
  else {
    // A blank line between the file's last section and the new one, as Architect's own writer does.
    const prefix = text === '' || /[\r\n]$/.test(text) ? text : text + eol
    const before = prefix.split(/\r\n|\r|\n/)
    const separator = prefix.trim() === '' || (before.length >= 3 && before.at(-2)?.trim() === '') ? '' : eol
    result = prefix + separator + [ '@env', stage, `  ${name} ${encoded}` ].join(eol) + eol
  }
  // Refuse to hand back a text that Architect would read differently from what was asked.
  const expected = readPrefsEnv(text)
  expected[stage] = { ...expected[stage], [name]: value }
  if (JSON.stringify(sorted(readPrefsEnv(result))) !== JSON.stringify(sorted(expected))) {
    throw new PrefsEnvError(`Could not set ${name} in @env ${stage} without changing other variables; edit prefs.arc by hand`)
  }
  return result
}

const sorted = (env: PrefsEnv) => STAGES.map(stage => Object.entries(env[stage as Stage]).sort())

/** The value as it must be written so that Architect reads back exactly `value`: bare when that is safe, else quoted. */
function encodeValue (value: string): string {
  if (/[\0\r\n]/.test(value)) throw new PrefsEnvError('Invalid value: prefs.arc cannot hold a newline or NUL character')
  const tokens = (() => {
    try {
      return parse.lexer(value)
    }
    catch {
      return []
    }
  })()
  // Bare when it lexes as one word that reads back unchanged (not `1.0` → `1`, `a#b` → `a`).
  if (tokens.length === 1 && tokens[0]?.type !== 'pragma' && tokens[0]?.type !== 'comment' && !tokens[0]?.raw && String(tokens[0]?.value) === value) return value
  const quote = [ '"', '\'', '`' ].find(q => !value.includes(q))
  if (!quote) throw new PrefsEnvError('Invalid value: it contains all three quote characters (" \' `), which prefs.arc cannot hold together')
  if (value.endsWith('\\')) throw new PrefsEnvError('Invalid value: it ends with a backslash, which Architect reads as escaping the closing quote')
  return `${quote}${value}${quote}`
}

/**
 * Sets one variable in the prefs.arc at `path` (creating the file if needed): atomically, by renaming a
 * finished temp file over it, and one writer at a time, through a lock file next to it.
 */
export async function writePrefsEnvVar (path: string, stage: Stage, name: string, value: string): Promise<void> {
  // Write the real file behind a symlink, so that the link stays a link.
  const target = await realpath(path).catch(() => path)
  const lock = `${target}.lock`
  for (let delay = 5, deadline = Date.now() + 3000; !await open(lock, 'wx').then(h => h.close().then(() => true), ignore('EEXIST', false));) {
    const age = await stat(lock).then(s => Date.now() - s.mtimeMs, () => 0)
    // A writer that died holding the lock would block every later write: a lock over 10 s old is broken.
    if (age > 10_000) await unlink(lock).catch(ignore('ENOENT', undefined))
    else if (Date.now() >= deadline) throw new PrefsEnvError(`${basename(target)} is being written by another process (${lock} exists); try again`)
    else await new Promise(resolve => setTimeout(resolve, delay + Math.random() * delay))
    delay = Math.min(delay * 2, 50)
  }
  // A reader (the sandbox's watcher, another write) sees the old file or the new one, never half of one.
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomUUID()}.tmp`)
  try {
    const contents = setPrefsEnvVar(await readFile(target, 'utf8').catch(ignore('ENOENT', '')), stage, name, value)
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
function ignore<T> (code: string, fallback: T): (error: unknown) => T {
  return error => {
    if ((error as NodeJS.ErrnoException).code === code) return fallback
    throw error
  }
}

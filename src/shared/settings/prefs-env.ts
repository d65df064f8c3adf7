// prefs.arc's @env, read as Architect reads it and edited one variable at a time, so that every
// other byte (comments, other pragmas, blank lines, line endings) stays as the developer wrote it.
// `npx arc env` cannot be used for this: it rewrites the whole file from SSM, dropping comments.
import { randomUUID } from 'node:crypto'
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Stage } from '#shared/config.ts'

export type { Stage }

export type PrefsEnv = Record<Stage, Record<string, string>>

/** prefs.arc is something Architect would refuse or misread, or a name or value it cannot hold. */
export class PrefsEnvError extends Error {
  override name = 'PrefsEnvError'
}

const STAGES: readonly Stage[] = [ 'testing', 'staging', 'production' ]

/** What this module lets a caller write: a shell-style name (Architect itself also allows a leading digit). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** What @architect/inventory accepts as a variable name when it reads prefs.arc. */
const ARCHITECT_NAME = /^[a-zA-Z0-9_]+$/

/** Characters @architect/parser's lexer accepts in an unquoted word. */
const WORD_CHAR = /[()/\w~\-.,:$*?&!%=+|^`'"]/

const QUOTES = [ '"', '\'', '`' ] as const

const LOCK_WAIT_MS = 3000
const LOCK_STALE_MS = 10_000

/** The @env variables of each stage in a prefs.arc text, as Architect hands them to the sandbox. */
export function readPrefsEnv (text: string): PrefsEnv {
  return envOf(scan(text))
}

/**
 * The prefs.arc text with `name` set to `value` in `@env` / `stage`, changing nothing else: the value is
 * replaced in place, or a line is added at the end of the stage's block, or the block (and `@env`) is added.
 */
export function setPrefsEnvVar (text: string, stage: Stage, name: string, value: string): string {
  if (!STAGES.includes(stage)) throw new PrefsEnvError(`Unknown stage "${stage}": it must be one of ${STAGES.join(', ')}`)
  if (!NAME.test(name) || name === 'true' || name === 'false') {
    throw new PrefsEnvError(`Invalid variable name "${name}": it must be letters, digits and _, not starting with a digit (and not true or false)`)
  }
  const encoded = encodeValue(value)
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\n'
  const doc = scan(text)
  const line = `  ${name} ${encoded}`
  let result: string
  if (!doc.env) {
    result = appendEnvPragma(text, eol, [ stage, line ])
  }
  else {
    const block = doc.env.blocks.get(stage)
    const current = block?.vars.get(name)
    if (current) result = text.slice(0, current.first.start) + encoded + text.slice(current.last.end)
    else if (block) result = insertAfter(text, eol, block.last, [ line ])
    else result = insertStageBlock(text, eol, doc.lines, doc.env, [ stage, line ])
  }
  // Refuse to hand back a text that Architect would read differently from what was asked.
  const expected = envOf(doc)
  expected[stage] = { ...expected[stage], [name]: value }
  if (!sameEnv(readPrefsEnv(result), expected)) {
    throw new PrefsEnvError(`Could not set ${name} in @env ${stage} without changing other variables; edit prefs.arc by hand`)
  }
  return result
}

/**
 * Sets one variable in the prefs.arc at `path` (creating the file if needed): atomically, by renaming a
 * finished temp file over it, and one writer at a time, through a lock file next to it.
 */
export async function writePrefsEnvVar (path: string, stage: Stage, name: string, value: string): Promise<void> {
  // Write the real file behind a symlink, so that the link stays a link.
  const target = await realpath(path).catch(() => path)
  await withLock(`${target}.lock`, async () => {
    const text = await readFile(target, 'utf8').catch(error => {
      if (isErrno(error, 'ENOENT')) return ''
      throw error
    })
    await replaceFile(target, setPrefsEnvVar(text, stage, name, value))
  })
}

interface Scalar {
  /** The value as the sandbox receives it: numbers and booleans as String() makes them. */
  text: string
  kind: 'string' | 'number' | 'boolean'
  start: number
  end: number
}

interface Line {
  /** 1-based, for messages. */
  number: number
  start: number
  /** Where the line's end-of-line sequence starts (or the text ends). */
  end: number
  /** Where the next line starts: `end` itself when the text ends without a newline. */
  next: number
  /** Leading spaces as the lexer counts them: a tab is two. */
  indent: number
  scalars: Scalar[]
  /** Nothing but spaces and tabs (a comment is not blank). */
  blank: boolean
  pragma?: string
}

interface EnvVar { first: Scalar, last: Scalar, value: string }

interface Block {
  vars: Map<string, EnvVar>
  /** The block's last line (its header when it has no variables): new variables go after it. */
  last: Line
}

interface EnvSection {
  /** Index in `lines` of the `@env` line, and of the first line after the section. */
  pragmaIndex: number
  endIndex: number
  blocks: Map<Stage, Block>
}

interface Scanned { lines: Line[], env: EnvSection | undefined }

function envOf ({ env }: Scanned): PrefsEnv {
  const vars = (stage: Stage) => Object.fromEntries([ ...env?.blocks.get(stage)?.vars ?? [] ].map(([ name, v ]) => [ name, v.value ]))
  return { testing: vars('testing'), staging: vars('staging'), production: vars('production') }
}

function scan (text: string): Scanned {
  const lines = splitLines(text)
  const seen = new Set<string>()
  let pragma: string | undefined
  let env: EnvSection | undefined
  lines.forEach((line, index) => {
    if (line.pragma !== undefined) {
      if (seen.has(line.pragma)) fail(line, `@${line.pragma} appears twice; Architect refuses a pragma defined twice`)
      seen.add(line.pragma)
      if (pragma === 'env' && env) env.endIndex = index
      pragma = line.pragma
      if (pragma === 'env') env = { pragmaIndex: index, endIndex: lines.length, blocks: new Map() }
    }
    else if (pragma === undefined && line.scalars.length > 0) {
      fail(line, 'text before the first @pragma; Architect cannot read that')
    }
  })
  if (env) env.blocks = readBlocks(lines.slice(env.pragmaIndex + 1, env.endIndex))
  return { lines, env }
}

/**
 * The stage blocks of @env, as @architect/parser builds its maps: a lone word with an indented line
 * under it, then every following line indented by exactly two spaces that starts with a name. Any
 * other line (blank, a comment, other indentation) ends the block, and Architect ignores variables
 * after it. Shapes Architect rejects or reads unreliably are refused rather than guessed at.
 */
function readBlocks (lines: Line[]): Map<Stage, Block> {
  const blocks = new Map<Stage, Block>()
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] as Line
    const [ word, ...rest ] = header.scalars
    if (!word) continue
    if (rest.length > 0) {
      // Architect files a line of several words under @env itself, where no stage sees it.
      if (isStage(word.text)) fail(header, `"${word.text}" must be alone on its line, with its variables indented under it`)
      continue
    }
    const next = lines[i + 1]
    if (!next || next.indent < 2 || (next.blank && next.next === next.end)) {
      fail(header, `"${word.text}" has no variables indented under it; Architect rejects such an @env entry`)
    }
    if (word.kind !== 'string') fail(header, `"${word.text}" cannot name a block: Architect needs a word, not a number or true/false`)
    const block: Block = { vars: new Map(), last: header }
    let j = i + 1
    for (; j < lines.length; j++) {
      const line = lines[j] as Line
      const [ key, ...values ] = line.scalars
      if (line.indent !== 2 || !key) break
      if (key.kind !== 'string') fail(line, `"${key.text}" cannot be a variable name`)
      const first = values[0]
      const last = values.at(-1)
      if (!first || !last) fail(line, `${key.text} has no value on its line; Architect reads values on the following lines unreliably`)
      if (isStage(word.text) && !ARCHITECT_NAME.test(key.text)) fail(line, `invalid variable name "${key.text}": Architect allows only [a-zA-Z0-9_]`)
      block.vars.set(key.text, { first, last, value: values.map(v => v.text).join(' ') })
      block.last = line
    }
    if (isStage(word.text)) blocks.set(word.text, block)
    i = j - 1
  }
  return blocks
}

function isStage (word: string): word is Stage {
  return (STAGES as readonly string[]).includes(word)
}

function splitLines (text: string): Line[] {
  const lines: Line[] = []
  const newline = /\r\n|\r|\n/g
  let start = 0
  for (let number = 1; start <= text.length; number++) {
    newline.lastIndex = start
    const match = newline.exec(text)
    const end = match ? match.index : text.length
    lines.push(lexLine(text, start, end, match ? end + match[0].length : end, number))
    if (!match) break
    start = end + match[0].length
  }
  // A final newline does not start a line of its own.
  const lastLine = lines.at(-1)
  if (lines.length > 1 && lastLine && lastLine.start === text.length) lines.pop()
  return lines
}

/** One line's tokens, following @architect/parser's lexer character for character. */
function lexLine (text: string, start: number, end: number, next: number, number: number): Line {
  const line: Line = { number, start, end, next, indent: 0, scalars: [], blank: true }
  let i = start
  for (; i < end && (text[i] === ' ' || text[i] === '\t'); i++) line.indent += text[i] === '\t' ? 2 : 1
  while (i < end) {
    const c = text[i] as string
    if (c === ' ' || c === '\t') {
      i++
      continue
    }
    line.blank = false
    if (c === '#') break
    if (c === '@') {
      if (line.scalars.length > 0) fail(line, 'an unquoted @ starts a new pragma in the middle of a line; quote the value')
      const name = text.slice(i + 1, end).replace(/#.*/, '').trim()
      if (!/^[a-zA-Z0-9_-]+$/.test(name)) fail(line, `"@${name}" is not a valid pragma name`)
      line.pragma = name
      break
    }
    const scalar = lexScalar(text, i, end, line)
    line.scalars.push(scalar)
    i = scalar.end
  }
  return line
}

function lexScalar (text: string, i: number, end: number, line: Line): Scalar {
  const c = text[i] as string
  // The lexer tries true/false, then numbers, on the whole run up to the next space (not tab).
  const space = text.indexOf(' ', i)
  const run = text.slice(i, space === -1 || space > end ? end : space).trim()
  if ((c === 't' || c === 'f') && (run === 'true' || run === 'false')) {
    return { text: run, kind: 'boolean', start: i, end: i + run.length }
  }
  if ((c === '-' || (c >= '0' && c <= '9')) && !Number.isNaN(Number(run))) {
    return { text: String(Number(run)), kind: 'number', start: i, end: i + run.length }
  }
  if (c === '"' || c === '\'' || c === '`') {
    const close = text.indexOf(c, i + 1)
    if (close === -1 || close >= end) fail(line, `a ${c} quote is not closed on the same line`)
    // The lexer mistakes a backslash before the closing quote for an escape and reads past the line.
    if (close > i + 1 && text[close - 1] === '\\') fail(line, `a backslash before the closing ${c} quote; Architect cannot read that`)
    return { text: text.slice(i + 1, close), kind: 'string', start: i, end: close + 1 }
  }
  if (!WORD_CHAR.test(c)) fail(line, `the character "${c}" cannot appear unquoted; Architect refuses the file`)
  let j = i
  while (j < end && WORD_CHAR.test(text[j] as string)) j++
  return { text: text.slice(i, j), kind: 'string', start: i, end: j }
}

/** The value as it must be written so that Architect reads back exactly `value`: bare when that is safe, else quoted. */
function encodeValue (value: string): string {
  if (/[\0\r\n]/.test(value)) throw new PrefsEnvError('Invalid value: prefs.arc cannot hold a newline or NUL character')
  if (isBare(value)) return value
  const quote = QUOTES.find(q => !value.includes(q))
  if (!quote) throw new PrefsEnvError('Invalid value: it contains all three quote characters (" \' `), which prefs.arc cannot hold together')
  if (value.endsWith('\\')) throw new PrefsEnvError('Invalid value: it ends with a backslash, which Architect reads as escaping the closing quote')
  return `${quote}${value}${quote}`
}

/** True when `value`, written unquoted, is one word that Architect reads back unchanged (not `1.0` → `1`, `a#b` → `a`). */
function isBare (value: string): boolean {
  try {
    const { scalars: [ only, ...more ], pragma } = lexLine(value, 0, value.length, value.length, 1)
    return pragma === undefined && more.length === 0 && only?.start === 0 && only.end === value.length && only.text === value
  }
  catch {
    return false
  }
}

function appendEnvPragma (text: string, eol: string, block: string[]): string {
  let prefix = text
  if (prefix !== '' && !/[\r\n]$/.test(prefix)) prefix += eol
  // A blank line between the file's last section and the new one, as Architect's own writer does.
  const lines = prefix.split(/\r\n|\r|\n/)
  const endsWithBlankLine = lines.length >= 3 && lines.at(-2)?.trim() === ''
  if (prefix.trim() !== '' && !endsWithBlankLine) prefix += eol
  return prefix + [ '@env', ...block ].join(eol) + eol
}

/** A new stage block after the last line of @env that holds a value (comments after it stay with what follows). */
function insertStageBlock (text: string, eol: string, lines: Line[], env: EnvSection, block: string[]): string {
  let anchor = env.pragmaIndex
  for (let i = env.pragmaIndex + 1; i < env.endIndex; i++) if ((lines[i] as Line).scalars.length > 0) anchor = i
  const content = anchor === env.pragmaIndex ? [ ...block ] : [ '', ...block ]
  const following = lines[anchor + 1]
  if (following && !following.blank) content.push('')
  return insertAfter(text, eol, lines[anchor] as Line, content)
}

/** `content` lines inserted after `line`, keeping the file's choice of a final newline or not. */
function insertAfter (text: string, eol: string, line: Line, content: string[]): string {
  const lines = content.join(eol)
  return line.next > line.end
    ? text.slice(0, line.next) + lines + eol + text.slice(line.next)
    : text.slice(0, line.end) + eol + lines + text.slice(line.end)
}

function sameEnv (a: PrefsEnv, b: PrefsEnv): boolean {
  return STAGES.every(stage => {
    const left = Object.entries(a[stage])
    return left.length === Object.keys(b[stage]).length && left.every(([ name, value ]) => Object.hasOwn(b[stage], name) && b[stage][name] === value)
  })
}

function fail (line: Line, problem: string): never {
  throw new PrefsEnvError(`prefs.arc line ${line.number}: ${problem}`)
}

// Holds `lockPath` (created exclusively) while `fn` runs, so concurrent writers take turns.
async function withLock<T> (lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS
  let delay = 5
  for (;;) {
    try {
      await (await open(lockPath, 'wx')).close()
      break
    }
    catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error
    }
    const age = await stat(lockPath).then(s => Date.now() - s.mtimeMs, () => undefined)
    // A writer that died holding the lock would otherwise block every later write. (Two writers
    // finding the same dead lock at once could both proceed; writes take milliseconds, so that
    // needs a lock already 10 s old and two clicks in the same instant.)
    if (age !== undefined && age > LOCK_STALE_MS) {
      await unlink(lockPath).catch(ignoreMissing)
      continue
    }
    if (Date.now() >= deadline) throw new PrefsEnvError(`${basename(lockPath, '.lock')} is being written by another process (${lockPath} exists); try again`)
    // A lock that vanished meanwhile is retried at once; a held one after a growing, jittered pause.
    if (age !== undefined) await new Promise(resolve => setTimeout(resolve, delay + Math.random() * delay))
    delay = Math.min(delay * 2, 50)
  }
  try {
    return await fn()
  }
  finally {
    await unlink(lockPath).catch(ignoreMissing)
  }
}

// A reader (the sandbox's watcher, another write) sees the old file or the new one, never half of one.
async function replaceFile (path: string, contents: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`)
  const mode = await stat(path).then(s => s.mode & 0o777, () => 0o644)
  try {
    const handle = await open(temp, 'wx', mode)
    try {
      await handle.writeFile(contents, 'utf8')
      await handle.sync()
    }
    finally {
      await handle.close()
    }
    await rename(temp, path)
  }
  catch (error) {
    await unlink(temp).catch(ignoreMissing)
    throw error
  }
}

function isErrno (error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code
}

function ignoreMissing (error: unknown): void {
  if (!isErrno(error, 'ENOENT')) throw error
}

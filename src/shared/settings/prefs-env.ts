// prefs.arc's @env, read as Architect reads it and edited one variable at a time, every other byte kept (`npx arc env`
// rewrites the whole file from SSM, dropping comments). @architect/parser lexes; its tokens' line and column say where to splice.
import { basename } from 'node:path'
import parse from '@architect/parser'
import type { Token } from '@architect/parser'
import type { Stage } from '#shared/config.ts'
import { updateFile } from '#shared/settings/update-file.ts'

export type PrefsEnv = Record<Stage, Record<string, string>>
/** prefs.arc is something Architect would refuse or misread, or a name or value it cannot hold. */
export class PrefsEnvError extends Error { override name = 'PrefsEnvError' }

const STAGES: readonly string[] = [ 'testing', 'staging', 'production' ]
const isStage = (word: unknown): word is Stage => STAGES.includes(word as string)
/** A word (string, number, boolean) at `start`, up to where the next token starts; a line, `end` before its newline. */
interface Word { token: Token, start: number, end: number }
interface Line { number: number, start: number, end: number, next: number, indent: number, words: Word[], pragma?: string }
interface Block { vars: Map<string, { first: Word, last: Word, value: string }>, last: Line }

const fail = (line: number, problem: string): never => { throw new PrefsEnvError(`prefs.arc line ${line}: ${problem}`) }

/** Architect's tokens of `text`; if it refuses them, a PrefsEnvError saying where and why (or none, if `quiet`). */
function lex (text: string, quiet = false): Token[] {
  try {
    return parse.lexer(text)
  }
  catch (error) {
    const { line = 0, message = '' } = error as { line?: number, message?: string }
    return quiet ? [] : fail(line, `${message.replace(/ \(line: .*\)$/, '')}; Architect refuses the file`)
  }
}

function scan (text: string): { lines: Line[], env?: { at: number, end: number, blocks: Map<Stage, Block> } } {
  const lines: Line[] = [ ...text.matchAll(/([^\r\n]*)(\r\n|\r|\n|$)/g) ].filter((m, i) => i === 0 || m.index < text.length)
    .map(({ 0: all, 1: body = '', index }, i) => ({ number: i + 1, start: index, end: index + body.length, next: index + all.length }))
    .map(line => ({ ...line, indent: 0, words: [] }))
  const tokens = lex(text)
  const places = tokens.map(token => (lines[token.line - 1]?.start ?? text.length) + token.column - 1)
  const pragmas: Line[] = []
  tokens.forEach((token, i) => {
    const line = lines[token.line - 1] as Line
    if (token.type === 'space' && line.words.length === 0 && line.pragma === undefined) line.indent++
    if (token.type === 'pragma') {
      if (line.words.length > 0) fail(line.number, 'an unquoted @ starts a new pragma in the middle of a line; quote the value')
      line.pragma = String(token.value).replace(/#.*/, '').trim()
      if (pragmas.some(p => p.pragma === line.pragma)) fail(line.number, `@${line.pragma} appears twice; Architect refuses that`)
      pragmas.push(line)
    }
    if (/string|number|boolean/.test(token.type)) {
      if (/[\r\n]/.test(token.raw ?? '')) fail(line.number, `a ${token.quote} quote is not closed on the same line`)
      if (pragmas.length === 0) fail(line.number, 'text before the first @pragma; Architect cannot read that')
      line.words.push({ token, start: places[i] as number, end: places[i + 1] ?? text.length })
    }
  })
  // After a backslash before a quote, the lexer takes the rest of the file as one string, then drops it.
  const [ tail, cut ] = [ tokens.at(-1), (places.at(-1) ?? 0) + (text.startsWith('\r\n', places.at(-1)) ? 2 : 1) ]
  const swallowed = tail && /space|newline/.test(tail.type) && cut < text.length ? tail.line + +(tail.type === 'newline') : 0
  if (swallowed) fail(swallowed, `a backslash before the closing ${text[cut]} quote; Architect cannot read that`)
  const at = pragmas.findIndex(line => line.pragma === 'env')
  const [ start, end ] = [ pragmas[at]?.number ?? 0, (pragmas[at + 1]?.number ?? lines.length + 1) - 1 ]
  return { lines, ...at === -1 ? {} : { env: { at: start - 1, end, blocks: readBlocks(lines.slice(start, end)) } } }
}

// @env's stage blocks as the parser builds its maps: a lone word, then lines indented exactly two spaces
// starting with a name; any other line ends the block. Shapes Architect rejects or misreads are refused.
function readBlocks (lines: Line[]): Map<Stage, Block> {
  const blocks = new Map<Stage, Block>()
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] as Line
    const [ word, ...rest ] = header.words.map(w => w.token.value)
    if (word === undefined || (rest.length > 0 && !isStage(word))) continue
    if (rest.length > 0) fail(header.number, `"${word}" must be alone on its line, with its variables indented under it`)
    if (!((lines[i + 1]?.indent ?? 0) >= 2)) fail(header.number, `"${word}" has no variables indented under it; Architect refuses that`)
    const block: Block = { vars: new Map(), last: header }
    for (; i + 1 < lines.length && lines[i + 1]?.indent === 2 && lines[i + 1]?.words.length; i++) {
      const line = lines[i + 1] as Line
      const [ key, ...values ] = line.words
      const name = String(key?.token.value)
      if (!values[0]) fail(line.number, `${name} has no value on its line; Architect reads values on the following lines unreliably`)
      if (isStage(word) && !/^\w+$/.test(name)) fail(line.number, `invalid variable name "${name}": Architect allows only [a-zA-Z0-9_]`)
      const value = values.map(v => String(v.token.value)).join(' ')
      block.vars.set(name, { first: values[0] as Word, last: values.at(-1) as Word, value })
      block.last = line
    }
    if (isStage(word)) blocks.set(word, block)
  }
  return blocks
}

/** The @env variables of each stage in a prefs.arc text, as Architect hands them to the sandbox. */
export function readPrefsEnv (text: string): PrefsEnv {
  const { env } = scan(text)
  return Object.fromEntries(STAGES.map(stage => [ stage, Object.fromEntries([ ...env?.blocks.get(stage as Stage)?.vars ?? [] ]
    .map(([ name, v ]) => [ name, v.value ])) ])) as PrefsEnv
}

/** `text` with `name` set to `value` in @env `stage`, in place, or added to its block, or in a new block (and @env). */
export function setPrefsEnvVar (text: string, stage: Stage, name: string, value: string): string {
  if (!isStage(stage)) throw new PrefsEnvError(`Unknown stage "${stage}": it must be one of ${STAGES.join(', ')}`)
  if (!/^[A-Za-z_]\w*$/.test(name) || /^(true|false)$/.test(name)) throw new PrefsEnvError(`Invalid variable name "${name}"`)
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
    const blank = !following || text.slice(following.start, following.end).trim() === ''
    result = insertAfter(anchor, [ ...anchor.pragma ? [] : [ '' ], stage, `  ${name} ${encoded}`, ...blank ? [] : [ '' ] ])
  }
  else {
    // At the end, after a blank line (as Architect's own writer leaves one) unless the file ends with one.
    const newlines = /[\r\n]*$/.exec(text)?.[0].replaceAll('\r\n', '\n').length ?? 0
    const separator = text.trim() === '' ? '' : eol.repeat(Math.max(0, 2 - newlines))
    result = text + separator + [ '@env', stage, `  ${name} ${encoded}` ].join(eol) + eol
  }
  // Refuse to hand back a text that Architect would read differently from what was asked.
  const expected = readPrefsEnv(text)
  expected[stage] = { ...expected[stage], [name]: value }
  const sorted = (env: PrefsEnv) => JSON.stringify(STAGES.map(stage => Object.entries(env[stage as Stage]).sort()))
  if (sorted(readPrefsEnv(result)) === sorted(expected)) return result
  throw new PrefsEnvError(`Could not set ${name} in @env ${stage} without changing other variables; edit prefs.arc by hand`)
}

/** The value as it must be written so that Architect reads back exactly `value`: bare when that is safe, else quoted. */
function encodeValue (value: string): string {
  if (/[\0\r\n]/.test(value)) throw new PrefsEnvError('Invalid value: prefs.arc cannot hold a newline or NUL character')
  // Bare when it lexes as one word that reads back unchanged (not `1.0` → `1`, `a#b` → `a`).
  const [ only, ...more ] = lex(value, true)
  if (!more.length && /string|number|boolean/.test(only?.type ?? '') && !only?.raw && String(only?.value) === value) return value
  const quote = [ '"', '\'', '`' ].find(q => !value.includes(q))
  if (!quote) throw new PrefsEnvError('Invalid value: prefs.arc cannot hold all three quote characters (" \' `) in one value')
  if (value.endsWith('\\')) throw new PrefsEnvError('Invalid value: a final backslash would escape the closing quote')
  return `${quote}${value}${quote}`
}

/** Sets one variable in the prefs.arc at `path` (made if missing), atomically and one writer at a time. */
export async function writePrefsEnvVar (path: string, stage: Stage, name: string, value: string): Promise<void> {
  await updateFile(path, text => setPrefsEnvVar(text, stage, name, value),
    lock => new PrefsEnvError(`${basename(path)} is being written by another process (${lock} exists); try again`))
}

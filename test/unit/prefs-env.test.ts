// prefs.arc's @env: read as @architect/inventory reads it (checked against the real inventory on
// temp projects), and edited one variable at a time with every other byte left as it was.
import { readdir, readFile, stat, chmod, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import inventory from '@architect/inventory'
import test from 'tape'
import type { Test } from 'tape'
import { PrefsEnvError, readPrefsEnv, setPrefsEnvVar, writePrefsEnvVar } from '../../src/shared/settings/prefs-env.ts'
import type { PrefsEnv } from '../../src/shared/settings/prefs-env.ts'
import { withEnv } from './_fixtures.ts'
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.ts'

/** A prefs.arc as a developer keeps it: comments above sections, other pragmas, quoted values, all three stages. */
const REALISTIC = `# Local preferences. Only @env testing feeds the sandbox; staging and production
# mirror what \`npx arc env\` keeps in SSM. (A comment inside a block would end it.)

@sandbox
livereload false

# Session settings per environment.
@env
testing
  ARC_APP_SECRET testing-only-secret-never-use-in-staging-or-production
  ARC_SESSION_TABLE_NAME jwe
  GREETING "hello world"

staging
  ARC_SESSION_TABLE_NAME sessions
  ARC_APP_SECRET "staging secret #1"

production
  ARC_SESSION_TABLE_NAME jwe

# Created on first deploy.
@create
autocreate true
`

const REALISTIC_ENV: PrefsEnv = {
  testing: {
    ARC_APP_SECRET: 'testing-only-secret-never-use-in-staging-or-production',
    ARC_SESSION_TABLE_NAME: 'jwe',
    GREETING: 'hello world',
  },
  staging: { ARC_SESSION_TABLE_NAME: 'sessions', ARC_APP_SECRET: 'staging secret #1' },
  production: { ARC_SESSION_TABLE_NAME: 'jwe' },
}

const crlf = (text: string) => text.replaceAll('\n', '\r\n')

/** A temp folder, removed when the test ends. */
async function tempDir (t: Test): Promise<string> {
  const dir = makeTempDir('prefs-env-')
  t.teardown(() => removeTempDir(dir))
  return dir
}

/** What @architect/inventory hands the sandbox for this prefs.arc (values as the sandbox's process.env gets them). */
async function inventoryEnv (prefs: string): Promise<PrefsEnv> {
  const dir = makeTempDir('prefs-env-inv-')
  try {
    await writeFile(join(dir, 'app.arc'), '@app\nprefs-test\n')
    await writeFile(join(dir, 'prefs.arc'), prefs)
    // An empty HOME, so that no ~/.prefs.arc of the machine's leaks into the answer.
    const { inv } = await withEnv({ HOME: dir }, () => inventory({ cwd: dir }))
    const local = inv._project.env.local
    const stage = (name: keyof PrefsEnv) =>
      Object.fromEntries(Object.entries(local?.[name] ?? {}).map(([ key, value ]) => [ key, String(value) ]))
    return { testing: stage('testing'), staging: stage('staging'), production: stage('production') }
  }
  finally {
    removeTempDir(dir)
  }
}

/** The error `fn` throws, or undefined. */
function thrown (fn: () => unknown): unknown {
  try {
    fn()
    return undefined
  }
  catch (error) {
    return error
  }
}

function assertRefused (t: Test, fn: () => unknown, pattern: RegExp, label: string): void {
  const error = thrown(fn)
  t.ok(error instanceof PrefsEnvError, `${label}: refused with a PrefsEnvError`)
  t.match(error instanceof Error ? error.message : '', pattern, `${label}: the message says why`)
}

const READ_CASES: Record<string, string> = {
  'a realistic file': REALISTIC,
  'the same with CRLF line endings': crlf(REALISTIC),
  'with CR line endings and no final newline': '@env\rtesting\r  A 1\r  B 2',
  'tab indentation and a tab between words': '@env\ntesting\n\tA 1\n\tB x\ty\n',
  'numbers and booleans, as the sandbox gets them': '@env\ntesting\n  A 1.50\n  B 0x10\n  C 1e3\n  D 007\n  E true\n  F -\n  G 1 2\n  H -0\n  I 12#x\n',
  'quoted values, and quotes inside words': '@env\ntesting\n  A \'x y\'\n  B `z`\n  C a"b\n  D "a"b\n  E "a\\b"\n  F ""\n  G "# not a comment @ all"\n',
  'several words joined by one space': '@env\nstaging\n  A one   two three\n',
  'trailing comments': '@env\ntesting\n  A v # why\n  B v#why\n',
  'variables after a comment or blank line inside a block are lost': '@env\ntesting\n  A 1\n  # note\n  B 2\n\n  C 3\nstaging\n  D 4\n',
  'a comment right under the stage': '@env\ntesting\n  # note\n  A 1\nproduction\n  B 2\n',
  'three-space indentation ends the block': '@env\ntesting\n  A 1\n   B 2\n',
  'a stage given twice: the last wins': '@env\ntesting\n  A 1\ntesting\n  B 2\n',
  'a variable given twice: the last wins': '@env\ntesting\n  A 1\n  A 2\n',
  'a stage header with a comment': '@env\ntesting # the sandbox\n  A 1\n',
  'Architect\'s own placeholders for empty stages': '@env\n# testing\n  # Add testing env vars with: arc env --add --env testing NAME value\n\nstaging\n  A 1\n',
  '@env between other pragmas': '@sandbox\nlivereload false\n@env\nproduction\n  A 1\n@create\nautocreate true\n',
  'no @env at all': '@sandbox\nlivereload false\n',
}

test('readPrefsEnv reads each stage exactly as @architect/inventory does', async t => {
  for (const [ label, text ] of Object.entries(READ_CASES)) {
    t.deepEqual(readPrefsEnv(text), await inventoryEnv(text), label)
  }
  t.deepEqual(readPrefsEnv(REALISTIC), REALISTIC_ENV, 'the realistic file holds what it says')
  t.deepEqual(readPrefsEnv(''), { testing: {}, staging: {}, production: {} }, 'an empty (or missing) file: every stage empty')
})

test('readPrefsEnv refuses files Architect rejects or would silently misread', async t => {
  // What Architect itself does with each: 'rejected' (inventory throws), or what it wrongly reads.
  const cases: [ string, string, RegExp, 'rejected' | PrefsEnv ][] = [
    [ 'a stage with nothing indented under it', '@env\ntesting\nstaging\n  A 1\n', /line 2: "testing" has no variables/, 'rejected' ],
    [ 'an invalid variable name', '@env\ntesting\n  A-B 1\n', /line 3: invalid variable name "A-B"/, 'rejected' ],
    [ 'an unquoted @ in a value', '@env\ntesting\n  A a@b\n', /line 3: an unquoted @/, { testing: { A: 'a' }, staging: {}, production: {} } ],
    [ 'a value on the following lines', '@env\ntesting\n  A\n    v1\nstaging\n  B 2\n', /line 3: A has no value on its line/, { testing: { A: 'v1', B: '2' }, staging: {}, production: {} } ],
    [ 'a pragma given twice', '@env\ntesting\n  A 1\n@env\n', /line 4: @env appears twice/, 'rejected' ],
    [ 'an unclosed quote', '@env\ntesting\n  A "open\n', /line 3: closing quote not found/, 'rejected' ],
    [ 'a quote closed on a later line', '@env\ntesting\n  A "x\n  B y"\n  C 1\n', /line 3: a " quote is not closed on the same line/,
      { testing: { A: 'x\n  B y', C: '1' }, staging: {}, production: {} } ],
    [ 'a backslash before a closing quote', '@env\ntesting\n  A "a\\"\n  B 2\n', /line 3: a backslash before the closing/, 'rejected' ],
    [ 'a character the lexer refuses', '@env\ntesting\n  A a;b\n', /line 3: unknown character ";"/, 'rejected' ],
    [ 'a stage and a variable on one line', '@env\ntesting A 1\n', /line 2: "testing" must be alone/, 'rejected' ],
    [ 'words before the first pragma', 'stray\n@env\ntesting\n  A 1\n', /line 1: text before the first @pragma/, 'rejected' ],
  ]
  for (const [ label, text, pattern, architect ] of cases) {
    assertRefused(t, () => readPrefsEnv(text), pattern, label)
    const actual = await inventoryEnv(text).catch(() => 'rejected' as const)
    t.deepEqual(actual, architect, `${label}: Architect itself ${architect === 'rejected' ? 'rejects it' : `reads ${JSON.stringify(architect)}`}`)
  }
})

test('replacing a value changes only that value\'s bytes', t => {
  t.equal(
    setPrefsEnvVar(REALISTIC, 'testing', 'ARC_SESSION_TABLE_NAME', 'sessions'),
    REALISTIC.replace('  ARC_SESSION_TABLE_NAME jwe\n  GREETING', '  ARC_SESSION_TABLE_NAME sessions\n  GREETING'),
    'testing: jwe becomes sessions, nothing else moves')
  t.equal(
    setPrefsEnvVar(REALISTIC, 'staging', 'ARC_APP_SECRET', 'plain'),
    REALISTIC.replace('"staging secret #1"', 'plain'),
    'a quoted value is replaced whole, quotes included')
  t.equal(
    setPrefsEnvVar(REALISTIC, 'production', 'ARC_SESSION_TABLE_NAME', 'jwe'),
    REALISTIC,
    'setting the value it already has leaves the file identical')
  t.equal(
    setPrefsEnvVar('@env\ntesting\n  A old # why it is set\n', 'testing', 'A', 'new'),
    '@env\ntesting\n  A new # why it is set\n',
    'a trailing comment stays')
  t.equal(
    setPrefsEnvVar('@env\ntesting\n  A one two  three\n', 'testing', 'A', 'x'),
    '@env\ntesting\n  A x\n',
    'a value of several words is replaced whole')
  t.equal(
    setPrefsEnvVar('@env\ntesting\n  A 1\n  A 2\n', 'testing', 'A', '3'),
    '@env\ntesting\n  A 1\n  A 3\n',
    'of a variable given twice, the one Architect reads (the last) is replaced')
  t.end()
})

test('a new variable goes at the end of its stage\'s block', t => {
  t.equal(
    setPrefsEnvVar(REALISTIC, 'staging', 'ARC_SESSION_TTL', '3600'),
    REALISTIC.replace('  ARC_APP_SECRET "staging secret #1"\n', '  ARC_APP_SECRET "staging secret #1"\n  ARC_SESSION_TTL 3600\n'),
    'staging gets one line after its last variable')
  t.equal(
    setPrefsEnvVar('@env\ntesting\n  A 1', 'testing', 'B', '2'),
    '@env\ntesting\n  A 1\n  B 2',
    'a file without a final newline still has none')
  t.equal(
    setPrefsEnvVar('@env\ntesting\n  A 1\n  # note\n  B 2\n', 'testing', 'B', '3'),
    '@env\ntesting\n  A 1\n  B 3\n  # note\n  B 2\n',
    'a variable lost after a comment is added where Architect reads it, and the old line stays')
  t.equal(
    setPrefsEnvVar('@env\ntesting\n  # note\n  A 1\n', 'testing', 'B', '2'),
    '@env\ntesting\n  B 2\n  # note\n  A 1\n',
    'a block with a comment right under its header: the variable goes right under the header')
  t.end()
})

test('a missing stage gets a block at the end of @env, a missing @env is appended', t => {
  const noProduction = REALISTIC.replace('production\n  ARC_SESSION_TABLE_NAME jwe\n\n', '')
  t.equal(
    setPrefsEnvVar(noProduction, 'production', 'ARC_SESSION_TABLE_NAME', 'sessions'),
    noProduction.replace('"staging secret #1"\n\n', '"staging secret #1"\n\nproduction\n  ARC_SESSION_TABLE_NAME sessions\n\n'),
    'after the last block, before the comment that belongs to the next pragma')
  t.equal(
    setPrefsEnvVar('@env\n# testing\n  # Add testing env vars with: arc env --add --env testing NAME value\n', 'testing', 'A', 'b'),
    '@env\ntesting\n  A b\n\n# testing\n  # Add testing env vars with: arc env --add --env testing NAME value\n',
    'an @env of placeholders only: right under @env, the placeholders kept')
  t.equal(
    setPrefsEnvVar('@env\ntesting\n  A 1\n@sandbox\nlivereload false\n', 'staging', 'B', '2'),
    '@env\ntesting\n  A 1\n\nstaging\n  B 2\n\n@sandbox\nlivereload false\n',
    '@env followed directly by another pragma')
  t.equal(
    setPrefsEnvVar('@sandbox\nlivereload false\n', 'testing', 'A', 'b'),
    '@sandbox\nlivereload false\n\n@env\ntesting\n  A b\n',
    'no @env: appended after a blank line')
  t.equal(
    setPrefsEnvVar('@sandbox\nlivereload false', 'testing', 'A', 'b'),
    '@sandbox\nlivereload false\n\n@env\ntesting\n  A b\n',
    'no @env and no final newline')
  t.equal(setPrefsEnvVar('', 'staging', 'A', 'b'), '@env\nstaging\n  A b\n', 'an empty file')
  t.equal(
    setPrefsEnvVar('@sandbox\nlivereload false\n\n', 'testing', 'A', 'b'),
    '@sandbox\nlivereload false\n\n@env\ntesting\n  A b\n',
    'a file already ending in a blank line gets no second one')
  t.equal(
    setPrefsEnvVar('# only a comment\n', 'testing', 'A', 'b'),
    '# only a comment\n\n@env\ntesting\n  A b\n',
    'a file of comments only')
  t.end()
})

test('CRLF files stay CRLF', t => {
  const added = setPrefsEnvVar(crlf(REALISTIC), 'staging', 'NEW', 'x')
  t.equal(added, crlf(setPrefsEnvVar(REALISTIC, 'staging', 'NEW', 'x')), 'a new variable: the same edit, with CRLF')
  const block = setPrefsEnvVar(crlf('@env\ntesting\n  A 1\n'), 'production', 'B', '2')
  t.equal(block, crlf('@env\ntesting\n  A 1\n\nproduction\n  B 2\n'), 'a new block: with CRLF')
  const appended = setPrefsEnvVar(crlf('@sandbox\nlivereload false\n'), 'testing', 'A', 'b')
  t.equal(appended, crlf('@sandbox\nlivereload false\n\n@env\ntesting\n  A b\n'), 'a new @env: after a blank line, with CRLF')
  t.notOk(/[^\r]\n/.test(added + block + appended), 'no bare LF anywhere')
  t.end()
})

test('every edited file reads back in @architect/inventory as intended', async t => {
  let text = REALISTIC
  text = setPrefsEnvVar(text, 'testing', 'ARC_SESSION_TABLE_NAME', 'sessions')
  text = setPrefsEnvVar(text, 'staging', 'ARC_SESSION_TTL', '3600')
  text = setPrefsEnvVar(text, 'production', 'ARC_APP_SECRET', 'prod secret #2 @ night')
  text = setPrefsEnvVar(text, 'testing', 'GREETING', 'hi')
  const expected: PrefsEnv = {
    testing: { ...REALISTIC_ENV.testing, ARC_SESSION_TABLE_NAME: 'sessions', GREETING: 'hi' },
    staging: { ...REALISTIC_ENV.staging, ARC_SESSION_TTL: '3600' },
    production: { ...REALISTIC_ENV.production, ARC_APP_SECRET: 'prod secret #2 @ night' },
  }
  t.deepEqual(await inventoryEnv(text), expected, 'a realistic file after four edits')
  t.deepEqual(readPrefsEnv(text), expected, 'and readPrefsEnv agrees')
  t.deepEqual(await inventoryEnv(setPrefsEnvVar('', 'production', 'A', 'b')), { testing: {}, staging: {}, production: { A: 'b' } }, 'a file made from nothing')
  t.deepEqual(await inventoryEnv(setPrefsEnvVar('@sandbox\nlivereload false\n', 'staging', 'A', 'b')), { testing: {}, staging: { A: 'b' }, production: {} }, 'a file given @env')
})

test('values are quoted exactly when Architect would otherwise read them differently', async t => {
  const bare = [ 'jwe', 'sessions', '7', 'true', '-', 'a.b-c_d:e/f', 'it\'s', 'x=1&y=2' ]
  for (const value of bare) {
    t.equal(setPrefsEnvVar('', 'testing', 'V', value), `@env\ntesting\n  V ${value}\n`, `${JSON.stringify(value)} is written bare`)
  }
  const quoted: [ string, string ][] = [
    [ 'two words', '"two words"' ], [ 'a#b', '"a#b"' ], [ 'x@y', '"x@y"' ],
    [ '1.0', '"1.0"' ], [ '1e3', '"1e3"' ], [ '0x10', '"0x10"' ], [ '007', '"007"' ], [ '', '""' ],
    [ 'say "hi"', '\'say "hi"\'' ], [ 'it\'s "x"', '`it\'s "x"`' ], [ 'ünïcödé', '"ünïcödé"' ],
    [ 'tab\there', '"tab\there"' ], [ ' padded ', '" padded "' ], [ 'a;b{c}<d>\\e', '"a;b{c}<d>\\e"' ],
  ]
  for (const [ value, written ] of quoted) {
    t.equal(setPrefsEnvVar('', 'testing', 'V', value), `@env\ntesting\n  V ${written}\n`, `${JSON.stringify(value)} is written as ${written}`)
  }
  const all = [ ...bare, ...quoted.map(([ value ]) => value) ]
  let text = ''
  all.forEach((value, i) => { text = setPrefsEnvVar(text, 'staging', `V${i}`, value) })
  const read = await inventoryEnv(text)
  all.forEach((value, i) => t.equal(read.staging[`V${i}`], value, `${JSON.stringify(value)} reads back unchanged in @architect/inventory`))
})

test('bad names, values and stages are refused', t => {
  for (const name of [ '', '1A', 'A-B', 'A B', 'é', 'A\n', 'true', 'false' ]) {
    assertRefused(t, () => setPrefsEnvVar(REALISTIC, 'testing', name, 'x'), /Invalid variable name/, `the name ${JSON.stringify(name)}`)
  }
  const values: [ string, RegExp ][] = [
    [ 'two\nlines', /newline/ ], [ 'carriage\rreturn', /newline/ ], [ 'nul\0byte', /NUL/ ],
    [ 'all "three\' `quotes', /all three quote characters/ ], [ 'ends with\\', /backslash/ ],
  ]
  for (const [ value, pattern ] of values) {
    assertRefused(t, () => setPrefsEnvVar(REALISTIC, 'testing', 'A', value), pattern, `the value ${JSON.stringify(value)}`)
  }
  assertRefused(t, () => setPrefsEnvVar(REALISTIC, 'development' as 'testing', 'A', 'x'), /Unknown stage "development"/, 'an unknown stage')
  assertRefused(t, () => setPrefsEnvVar('@env\ntesting\n  A a@b\n', 'testing', 'B', 'x'), /unquoted @/, 'a file Architect would misread is not edited')
  t.end()
})

test('writePrefsEnvVar creates a missing prefs.arc and keeps an existing file\'s mode', async t => {
  const dir = await tempDir(t)
  const path = join(dir, 'prefs.arc')
  await writePrefsEnvVar(path, 'testing', 'ARC_SESSION_TABLE_NAME', 'jwe')
  t.equal(await readFile(path, 'utf8'), '@env\ntesting\n  ARC_SESSION_TABLE_NAME jwe\n', 'created with the one variable')
  await chmod(path, 0o600)
  await writePrefsEnvVar(path, 'testing', 'ARC_SESSION_TABLE_NAME', 'sessions')
  t.equal(await readFile(path, 'utf8'), '@env\ntesting\n  ARC_SESSION_TABLE_NAME sessions\n', 'then replaced in place')
  t.equal((await stat(path)).mode & 0o777, 0o600, 'a file kept private stays private')
  t.deepEqual(await readdir(dir), [ 'prefs.arc' ], 'no temp or lock file left behind')
})

test('20 concurrent writes of 20 different variables all land in a file that still parses', async t => {
  const dir = await tempDir(t)
  const path = join(dir, 'prefs.arc')
  await writeFile(path, REALISTIC)
  const names = Array.from({ length: 20 }, (_, i) => `VAR_${i}`)
  await Promise.all(names.map((name, i) => writePrefsEnvVar(path, i % 2 ? 'staging' : 'production', name, `value ${i}`)))
  const env = await inventoryEnv(await readFile(path, 'utf8'))
  names.forEach((name, i) => t.equal(env[i % 2 ? 'staging' : 'production'][name], `value ${i}`, `${name} landed`))
  t.deepEqual(env.testing, REALISTIC_ENV.testing, 'testing untouched')
  t.ok((await readFile(path, 'utf8')).startsWith(REALISTIC.slice(0, REALISTIC.indexOf('@env'))), 'everything above @env untouched')
  t.deepEqual(await readdir(dir), [ 'prefs.arc' ], 'no temp or lock file left behind')
})

test('a stale lock (over 10 s old) is broken; a live one makes the write give up after about 3 s', async t => {
  const dir = await tempDir(t)
  const path = join(dir, 'prefs.arc')
  const lock = `${path}.lock`
  await writeFile(path, '@env\ntesting\n  A 1\n')
  await writeFile(lock, '')
  const elevenSecondsAgo = new Date(Date.now() - 11_000)
  await utimes(lock, elevenSecondsAgo, elevenSecondsAgo)
  await writePrefsEnvVar(path, 'testing', 'A', '2')
  t.equal(await readFile(path, 'utf8'), '@env\ntesting\n  A 2\n', 'the write went through the stale lock')
  t.deepEqual(await readdir(dir), [ 'prefs.arc' ], 'and removed the lock')

  await writeFile(lock, '')
  const started = Date.now()
  const error = await writePrefsEnvVar(path, 'testing', 'A', '3').then(() => undefined, (e: unknown) => e)
  const waited = Date.now() - started
  t.ok(error instanceof PrefsEnvError, 'a live lock: refused with a PrefsEnvError')
  t.match(error instanceof Error ? error.message : '', /being written by another process/, 'saying another writer holds it')
  t.ok(waited >= 2900 && waited < 4500, `after about 3 s (${waited} ms)`)
  t.equal(await readFile(path, 'utf8'), '@env\ntesting\n  A 2\n', 'the file is untouched')
  t.deepEqual((await readdir(dir)).sort(), [ 'prefs.arc', 'prefs.arc.lock' ], 'the other writer\'s lock is left alone, and no temp file remains')
})

test('a refused write leaves the file and the folder as they were', async t => {
  const dir = await tempDir(t)
  const path = join(dir, 'prefs.arc')
  await writeFile(path, REALISTIC)
  const error = await writePrefsEnvVar(path, 'testing', 'A', 'two\nlines').then(() => undefined, (e: unknown) => e)
  t.ok(error instanceof PrefsEnvError, 'refused')
  t.equal(await readFile(path, 'utf8'), REALISTIC, 'the file is unchanged')
  t.deepEqual(await readdir(dir), [ 'prefs.arc' ], 'no temp or lock file left behind')
})

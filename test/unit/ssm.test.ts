// Staging and production variables in SSM: the requests are checked through aws-lite's own
// testing mode (and against what `npx arc env`'s own code sends), and the failures for real:
// no credentials on this machine, and a port that refuses connections.
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { format } from 'node:util'
import awsLite from '@aws-lite/client'
import type { AwsLiteClient } from '@aws-lite/client'
import ssm from '@aws-lite/ssm'
import test from 'tape'
import type { Test } from 'tape'
import { readStageEnv, ssmParameterName, writeStageEnvVar } from '../../src/shared/settings/ssm.ts'
import { withEnv } from './_fixtures.ts'
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.ts'

const APP = 'arc-sessions'
const SECRET = 'hunter2-never-print-me'

/** @architect/env's own modules, resolved from the @architect/architect this project runs as `npx arc`. */
const arcEnv = createRequire(createRequire(import.meta.url).resolve('@architect/architect/package.json'))

/** Runs `fn` with aws-lite's testing mode on (requests recorded, answers mocked), and always turns it off. */
async function withAwsTesting<T> (fn: () => Promise<T>): Promise<T> {
  awsLite.testing.enable()
  try {
    return await fn()
  }
  finally {
    awsLite.testing.disable()
  }
}

/** The JSON payloads sent for one SSM method, in order. */
function payloads (method: 'GetParametersByPath' | 'PutParameter'): Record<string, unknown>[] {
  return awsLite.testing.getAllRequests(`SSM.${method}`).map(({ request }) => (request as { payload: Record<string, unknown> }).payload)
}

/** A client made the way a caller would, passed through `options.client`. */
const ssmClient = (): Promise<AwsLiteClient> => awsLite({ region: 'us-west-2', plugins: [ ssm ] })

/** An AWS error answer, as aws-lite's testing mode takes it. */
const awsError = (statusCode: number, code: string, message: string) => ({ statusCode, error: { __type: code, message } })

/** A parameter as GetParametersByPath returns it. */
const parameter = (name: string, value: string) => ({ Name: name, Value: value, Type: 'SecureString', Version: 1 })

/** Environment variables that make aws-lite find no credentials anywhere: nothing set, files that do not exist. */
async function noCredentialsEnv (t: Test): Promise<Record<string, string | undefined>> {
  const home = makeTempDir('ssm-home-')
  t.teardown(() => removeTempDir(home))
  return {
    HOME: home,
    AWS_ACCESS_KEY_ID: undefined, AWS_ACCESS_KEY: undefined,
    AWS_SECRET_ACCESS_KEY: undefined, AWS_SECRET_KEY: undefined, AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined, AWS_SDK_LOAD_CONFIG: undefined, AWS_ENDPOINT_URL: undefined,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined, AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LITE_DEBUG: undefined,
  }
}

/** A local port with nothing listening on it: connections are refused at once. */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Everything written to the console and stderr while `fn` runs (still printed). */
async function captureOutput<T> (fn: () => Promise<T>): Promise<{ result: T, output: string }> {
  let output = ''
  const methods = [ 'log', 'error', 'warn', 'info', 'debug' ] as const
  const saved = methods.map(name => console[name])
  const savedWrite = process.stderr.write
  for (const name of methods) {
    console[name] = (...args: unknown[]) => { output += format(...args) + '\n' }
  }
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    output += String(chunk)
    return savedWrite.call(process.stderr, chunk, ...rest)
  }) as typeof process.stderr.write
  try {
    return { result: await fn(), output }
  }
  finally {
    methods.forEach((name, i) => { console[name] = saved[i] as typeof console.log })
    process.stderr.write = savedWrite
  }
}

test('the parameter name is /<app>/<stage>/<NAME>, as npx arc env names it', t => {
  t.equal(ssmParameterName(APP, 'staging', 'ARC_SESSION_TABLE_NAME'), '/arc-sessions/staging/ARC_SESSION_TABLE_NAME', 'staging')
  t.equal(ssmParameterName(APP, 'production', 'ARC_APP_SECRET'), '/arc-sessions/production/ARC_APP_SECRET', 'production')
  t.throws(() => ssmParameterName('Bad/App', 'staging', 'A'), /Invalid app name/, 'an app name Architect would refuse (and a / that would change the path)')
  t.throws(() => ssmParameterName(APP, 'testing' as 'staging', 'A'), /Invalid stage "testing"/, 'testing lives in prefs.arc, not SSM')
  t.throws(() => ssmParameterName(APP, 'staging', 'A/B'), /Invalid variable name/, 'a name with a /')
  t.end()
})

test('writeStageEnvVar sends exactly the PutParameter npx arc env sends: SecureString, Overwrite, no KeyId', async t => {
  await withAwsTesting(async () => {
    awsLite.testing.mock('SSM.PutParameter', { Version: 1, Tier: 'Standard' })
    const result = await writeStageEnvVar(APP, 'staging', 'ARC_SESSION_TABLE_NAME', 'sessions', { region: 'us-west-2' })
    t.deepEqual(result, { ok: true }, 'reports success')
    const sent = awsLite.testing.getLastRequest('SSM.PutParameter').request as { payload: unknown, headers: Record<string, string> }
    t.deepEqual(sent.payload, { Name: '/arc-sessions/staging/ARC_SESSION_TABLE_NAME', Value: 'sessions', Type: 'SecureString', Overwrite: true }, 'name, value, type and overwrite, nothing else')
    t.equal(sent.headers['X-Amz-Target'], 'AmazonSSM.PutParameter', 'as the SSM PutParameter action')

    // The same call through @architect/env's own code (what `npx arc env -e production -a NAME value` runs).
    const addRemove = arcEnv('@architect/env/src/_add-remove.js') as (params: object, aws: AwsLiteClient, callback: (error?: Error) => void) => void
    const update = { start: () => undefined, done: () => undefined, cancel: () => undefined }
    const aws = await ssmClient()
    await new Promise<void>((resolve, reject) => addRemove({
      action: 'add', env: 'production', name: 'ARC_APP_SECRET', value: SECRET, inventory: { inv: { app: APP } }, update,
    }, aws, error => error ? reject(error) : resolve()))
    t.deepEqual(await writeStageEnvVar(APP, 'production', 'ARC_APP_SECRET', SECRET, { client: aws }), { ok: true }, 'ours, with a client passed in')
    const [ theirs, ours ] = payloads('PutParameter').slice(-2)
    t.deepEqual(ours, theirs, 'our request is byte for byte the one npx arc env sends')
  })
})

test('readStageEnv asks for the stage\'s path, decrypted, and follows NextToken to the last page', async t => {
  await withAwsTesting(async () => {
    const first = Array.from({ length: 10 }, (_, i) => parameter(`/arc-sessions/staging/VAR_${i}`, `value ${i}`))
    awsLite.testing.mock('SSM.GetParametersByPath', [
      { Parameters: first, NextToken: 'page-2' },
      { Parameters: [ parameter('/arc-sessions/staging/ARC_SESSION_TABLE_NAME', 'sessions') ], NextToken: 'page-3' },
      { Parameters: [ parameter('/arc-sessions/staging/ARC_APP_SECRET', SECRET) ] },
    ])
    const result = await readStageEnv(APP, 'staging', { client: await ssmClient() })
    const query = { Path: '/arc-sessions/staging', Recursive: true, WithDecryption: true, MaxResults: 10 }
    t.deepEqual(payloads('GetParametersByPath'), [ query, { ...query, NextToken: 'page-2' }, { ...query, NextToken: 'page-3' } ], 'three requests: the path, then each NextToken')
    t.ok(result.ok, 'reports success')
    const values = result.ok ? result.values : {}
    t.equal(Object.keys(values).length, 12, 'every variable of every page')
    t.equal(values.VAR_9, 'value 9', 'from the first page')
    t.equal(values.ARC_SESSION_TABLE_NAME, 'sessions', 'from the second page')
    t.equal(values.ARC_APP_SECRET, SECRET, 'from the last page, decrypted')
  })
})

test('readStageEnv stops when SSM repeats the last page\'s token', async t => {
  await withAwsTesting(async () => {
    awsLite.testing.mock('SSM.GetParametersByPath', [
      { Parameters: [ parameter('/arc-sessions/production/A', '1') ], NextToken: 'same' },
      { Parameters: [ parameter('/arc-sessions/production/B', '2') ], NextToken: 'same' },
      { Parameters: [ parameter('/arc-sessions/production/C', '3') ] },
    ])
    const result = await readStageEnv(APP, 'production', { region: 'us-west-2' })
    t.equal(payloads('GetParametersByPath').length, 2, 'two requests, not a loop')
    t.deepEqual(result, { ok: true, values: { A: '1', B: '2' } }, 'the variables of both pages')
  })
})

test('readStageEnv reads the same variables as npx arc env\'s own reader', async t => {
  const params = [
    parameter('/arc-sessions/staging/ARC_SESSION_TABLE_NAME', 'sessions'),
    parameter('/arc-sessions/staging/NESTED/deeper', 'n'),
    parameter('/arc-sessions/staging/ARC_APP_SECRET', SECRET),
  ]
  await withAwsTesting(async () => {
    awsLite.testing.mock('SSM.GetParametersByPath', { Parameters: params })
    const ours = await readStageEnv(APP, 'staging', { region: 'us-west-2' })
    // @architect/env's reader (the one `npx arc env` prints from and mirrors into prefs.arc).
    type EnvVar = { env: string, name: string, value: string }
    const getEnv = arcEnv('@architect/env/src/_get-env.js') as (params: object, callback: (error: Error | null, vars: EnvVar[]) => void) => void
    const update = { start: () => undefined, done: () => undefined }
    const aws = await ssmClient()
    const theirs = await new Promise<EnvVar[]>((resolve, reject) =>
      getEnv({ aws, inventory: { inv: { app: APP } }, update }, (error, vars) => error ? reject(error) : resolve(vars)))
    const staging = Object.fromEntries(theirs.filter(v => v.env === 'staging').map(v => [ v.name, v.value ]))
    t.deepEqual(ours, { ok: true, values: staging }, 'the same names and values, a deeper parameter under its first segment included')
    t.deepEqual(Object.keys(staging).sort(), [ 'ARC_APP_SECRET', 'ARC_SESSION_TABLE_NAME', 'NESTED' ], 'which are these three')
  })
})

// No guessing from messages which kind of failure it was: the page says what failed, in AWS's words.
const FAILURES: [ string, object, string ][] = [
  [ 'AccessDeniedException', awsError(400, 'AccessDeniedException', 'User: arn:aws:iam::1:user/dev is not authorized to perform: ssm:PutParameter'), 'AccessDeniedException' ],
  [ 'UnrecognizedClientException (bad keys)', awsError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.'), 'security token' ],
  [ 'a bare 403', { statusCode: 403, error: { message: 'Forbidden' } }, 'Forbidden' ],
  [ 'ENOTFOUND', { error: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND ssm.us-west-2.amazonaws.com' } }, 'ENOTFOUND' ],
  [ 'ECONNREFUSED', { error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 52.94.1.1:443' } }, 'ECONNREFUSED' ],
  [ 'ThrottlingException', awsError(400, 'ThrottlingException', 'Rate exceeded'), 'Rate exceeded' ],
]

test('an AWS error answer is a failure saying what failed, and nothing throws', async t => {
  await withAwsTesting(async () => {
    for (const [ label, answer, said ] of FAILURES) {
      awsLite.testing.mock('SSM.GetParametersByPath', answer)
      awsLite.testing.mock('SSM.PutParameter', answer)
      const read = await readStageEnv(APP, 'staging', { region: 'us-west-2' })
      const written = await writeStageEnvVar(APP, 'production', 'ARC_APP_SECRET', SECRET, { region: 'us-west-2' })
      t.ok(!read.ok && read.message.startsWith('The SSM request failed') && read.message.includes(said), `${label}: reading (${read.ok ? '' : read.message})`)
      t.ok(!written.ok && written.message.includes(said), `${label}: writing says ${said}`)
    }
  })
})

test('an answer that never comes is unreachable once the deadline passes', async t => {
  await withAwsTesting(async () => {
    awsLite.testing.mock('SSM.GetParametersByPath', () => new Promise(() => undefined))
    const started = Date.now()
    const result = await readStageEnv(APP, 'staging', { region: 'us-west-2', timeoutMs: 300 })
    const waited = Date.now() - started
    t.deepEqual(result, { ok: false, message: 'AWS did not answer within 0.3 s' }, 'a failure saying how long it waited')
    t.ok(waited >= 290 && waited < 1000, `after the deadline, not later (${waited} ms)`)
  })
})

test('the value written never appears in a failure message', async t => {
  await withAwsTesting(async () => {
    const echoes = [
      awsError(400, 'ValidationException', `1 validation error detected: Value '${SECRET}' at 'value' failed to satisfy constraint: Member must have length less than or equal to 4096`),
      awsError(400, 'AccessDeniedException', `not authorized to write ${SECRET}`),
      awsError(400, 'ValidationException', `Value '${JSON.stringify(SECRET + '"q"').slice(1, -1)}' at 'value' is invalid`),
    ]
    for (const answer of echoes) {
      awsLite.testing.mock('SSM.PutParameter', answer)
      const result = await writeStageEnvVar(APP, 'staging', 'ARC_APP_SECRET', SECRET, { region: 'us-west-2' })
      t.ok(!result.ok, `refused: ${result.ok ? '' : result.message}`)
      t.notOk(!result.ok && result.message.includes(SECRET), 'the message does not contain the value')
    }
  })
})

test('invalid input is a failure before any request', async t => {
  await withAwsTesting(async () => {
    awsLite.testing.mock('SSM.PutParameter', { Version: 1 })
    awsLite.testing.mock('SSM.GetParametersByPath', { Parameters: [] })
    const cases: [ string, Promise<{ ok: boolean, message?: string }>, RegExp ][] = [
      [ 'a bad app name', readStageEnv('no/slashes', 'staging'), /Invalid app name/ ],
      [ 'a bad variable name', writeStageEnvVar(APP, 'staging', 'A-B', 'x'), /Invalid variable name/ ],
      [ 'a name Architect sets itself', writeStageEnvVar(APP, 'staging', 'ARC_ENV', 'x'), /set by Architect itself/ ],
      [ 'an empty value', writeStageEnvVar(APP, 'staging', 'A', ''), /empty value/ ],
    ]
    for (const [ label, pending, pattern ] of cases) {
      const result = await pending
      t.equal(result.ok, false, `${label}: a failure`)
      t.match(result.message ?? '', pattern, `${label}: saying why`)
    }
    t.equal(awsLite.testing.getAllRequests().length, 0, 'no request was sent')
  })
})

test('with no AWS credentials anywhere, both calls answer no-credentials within a few seconds', async t => {
  const env = await noCredentialsEnv(t)
  await withEnv(env, async () => {
    const started = Date.now()
    const { result: [ read, written ], output } = await captureOutput(async () => [
      await readStageEnv(APP, 'staging'),
      await writeStageEnvVar(APP, 'production', 'ARC_APP_SECRET', SECRET),
    ] as const)
    const waited = Date.now() - started
    t.ok(!read.ok && read.message.startsWith('No usable AWS credentials'), `reading: no credentials (${read.ok ? '' : read.message})`)
    t.ok(!written.ok && written.message.startsWith('No usable AWS credentials'), `writing: no credentials (${written.ok ? '' : written.message})`)
    t.ok(waited < 5000, `within a few seconds (${waited} ms)`)
    t.notOk(output.includes(SECRET), 'nothing printed holds the value')
  })
})

test('with no credentials but the instance metadata service allowed, the answer is still quick and not a crash', async t => {
  const env = { ...await noCredentialsEnv(t), AWS_EC2_METADATA_DISABLED: undefined, AWS_PROFILE: 'nobody' }
  await withEnv(env, async () => {
    const started = Date.now()
    const read = await readStageEnv(APP, 'staging')
    const written = await writeStageEnvVar(APP, 'staging', 'ARC_SESSION_TABLE_NAME', 'jwe')
    const waited = Date.now() - started
    // This machine has no network but the npm registry: credentials, if any were found, could not be used.
    t.ok(!read.ok, `reading: a failure (${read.ok ? 'ok' : read.message})`)
    t.ok(!written.ok, `writing: a failure (${written.ok ? 'ok' : written.message})`)
    t.ok(waited < 12_000, `within the two deadlines (${waited} ms)`)
  })
})

test('a credentials file without the chosen profile is no-credentials too', async t => {
  const env = await noCredentialsEnv(t)
  await writeFile(env.AWS_SHARED_CREDENTIALS_FILE as string, '[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n')
  await withEnv({ ...env, AWS_PROFILE: 'missing' }, async () => {
    const read = await readStageEnv(APP, 'staging')
    t.ok(!read.ok && /^No usable AWS credentials: .*Profile not found: missing/.test(read.message), `no credentials, naming the profile (${read.ok ? '' : read.message})`)
  })
})

test('dummy credentials against a port that refuses connections: unreachable, quickly, with nothing secret printed', async t => {
  const endpoint = `http://127.0.0.1:${await closedPort()}`
  const env = { ...await noCredentialsEnv(t), AWS_ACCESS_KEY_ID: 'AKIADUMMY', AWS_SECRET_ACCESS_KEY: 'dummy', AWS_LITE_DEBUG: '1' }
  await withEnv(env, async () => {
    const started = Date.now()
    const { result: [ read, written ], output } = await captureOutput(async () => [
      await readStageEnv(APP, 'staging', { endpoint }),
      await writeStageEnvVar(APP, 'production', 'ARC_APP_SECRET', SECRET, { endpoint }),
    ] as const)
    const waited = Date.now() - started
    t.ok(!read.ok && /ECONNREFUSED/.test(read.message), `reading: the connection was refused (${read.ok ? '' : read.message})`)
    t.ok(!written.ok && /ECONNREFUSED/.test(written.message), 'writing: the connection was refused')
    t.ok(waited < 3000, `quickly (${waited} ms)`)
    t.notOk(output.includes(SECRET), 'even with AWS_LITE_DEBUG set, no request body (with the value) was printed')
    t.notOk(!written.ok && written.message.includes(SECRET), 'nor is it in the message')
  })
})

// The staging and production variables that `npx arc env` keeps in AWS SSM Parameter Store,
// read and written exactly as it does: `arc deploy` bakes these into every Lambda of the stage.
// Nothing here throws: AWS being unreachable or refusing is an answer for the settings page.
import awsLite from '@aws-lite/client'
import type { AwsLiteClient } from '@aws-lite/client'
import ssm from '@aws-lite/ssm'
import type { Stage } from '#shared/config.ts'

/** The stages whose variables live in SSM (testing's live in prefs.arc). */
export type RemoteStage = Exclude<Stage, 'testing'>

/** What failed, in AWS's or aws-lite's own words (the value written is never in it). */
export interface SsmFailure { ok: false, message: string }

export type ReadStageEnvResult = { ok: true, values: Record<string, string> } | SsmFailure

export type WriteStageEnvResult = { ok: true } | SsmFailure

export interface SsmOptions {
  /** An aws-lite client with the SSM plugin loaded; by default one is made from the developer's own AWS credentials. */
  client?: AwsLiteClient
  /** The app's region (app.arc `@aws region`, inventory's `inv.aws.region`); by default AWS_REGION, else us-west-2, as Architect does. */
  region?: string
  /** The AWS profile (app.arc `@aws profile`); by default AWS_PROFILE, else `default`. */
  profile?: string
  /** Another SSM endpoint, e.g. a local emulator. */
  endpoint?: string
  /** Give up after this long, so that a page does not hang while AWS cannot be reached. Default 5000. */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 5000

/** Architect's own app-name rule (@architect/inventory), which also keeps `/` out of the path. */
const APP_NAME = /^[a-z][a-zA-Z0-9-_]+$/

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Names `npx arc env` refuses because Architect sets them itself. */
const RESERVED = [ 'ARC_APP_NAME', 'ARC_DISABLE_ENV_VARS', 'ARC_ENV', 'ARC_ROLE', 'ARC_SANDBOX', 'ARC_WSS_URL' ]

/** The parameter `npx arc env -e <stage> -a <name>` writes: `/<app>/<stage>/<name>`. */
export function ssmParameterName (app: string, stage: RemoteStage, name: string): string {
  return `${stagePath(app, stage)}/${checkName(name)}`
}

/** Every variable of the stage, decrypted, as `arc deploy` would read them. */
export async function readStageEnv (app: string, stage: RemoteStage, options: SsmOptions = {}): Promise<ReadStageEnvResult> {
  const Path = valid(() => stagePath(app, stage))
  if (typeof Path !== 'string') return Path
  return attempt(options, undefined, async aws => {
    const values = new Map<string, string>()
    let NextToken: string | undefined
    do {
      // Architect's own query (it asks for /<app> whole: Recursive, 10 a page, decrypted), narrowed
      // to one stage and paged here rather than by aws-lite, so that each page is a request of its own.
      const page = await aws.SSM.GetParametersByPath({ Path, Recursive: true, WithDecryption: true, MaxResults: 10, ...NextToken ? { NextToken } : {} })
      for (const { Name, Value } of page.Parameters ?? []) {
        // Architect names a variable by the path segment after the stage, as deploy does.
        const name = Name?.split('/')[3]
        if (name && Value !== undefined) values.set(name, Value)
      }
      // SSM may repeat the last token on the last page; stop rather than loop on it.
      NextToken = page.NextToken && page.NextToken !== NextToken ? page.NextToken : undefined
    } while (NextToken)
    return { ok: true, values: Object.fromEntries(values) }
  })
}

/** Sets one variable as `npx arc env -e <stage> -a <name> <value>` does: a SecureString, overwritten, AWS's default key. */
export async function writeStageEnvVar (app: string, stage: RemoteStage, name: string, value: string, options: SsmOptions = {}): Promise<WriteStageEnvResult> {
  const Name = valid(() => ssmParameterName(app, stage, name))
  if (typeof Name !== 'string') return Name
  if (RESERVED.includes(name)) return { ok: false, message: `${name} is set by Architect itself; npx arc env refuses it too` }
  if (value === '') return { ok: false, message: 'An empty value cannot be stored in SSM (npx arc env refuses it too)' }
  return attempt(options, value, async aws => {
    await aws.SSM.PutParameter({ Name, Value: value, Type: 'SecureString', Overwrite: true })
    return { ok: true }
  })
}

// Bad input is the caller's mistake, but these functions answer rather than throw.
function valid (make: () => string): string | SsmFailure {
  try {
    return make()
  }
  catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

function stagePath (app: string, stage: RemoteStage): string {
  if (!APP_NAME.test(app)) throw new TypeError(`Invalid app name "${app}": Architect requires ${APP_NAME}`)
  if (stage !== 'staging' && stage !== 'production') throw new TypeError(`Invalid stage "${stage}": SSM holds only staging and production`)
  return `/${app}/${stage}`
}

function checkName (name: string): string {
  if (!VAR_NAME.test(name)) throw new TypeError(`Invalid variable name "${name}": letters, digits and _, not starting with a digit`)
  return name
}

// Runs `work` with a client under a deadline, turning every error (and a missed deadline) into a failure.
async function attempt<T> (options: SsmOptions, secret: string | undefined, work: (aws: AwsLiteClient) => Promise<T>): Promise<T | SsmFailure> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let phase: 'client' | 'request' = 'client'
  const run = (async () => {
    const aws = options.client ?? await createClient(options)
    phase = 'request'
    return work(aws)
  })().catch(error => failureFor(error, phase, secret))
  let timer: NodeJS.Timeout | undefined
  // aws-lite has no request timeout of its own: stop waiting, and let the request finish unwatched.
  const deadline = new Promise<SsmFailure>(resolve => {
    timer = setTimeout(() => resolve({ ok: false, message: `AWS did not answer within ${timeoutMs / 1000} s` }), timeoutMs)
  })
  try {
    return await Promise.race([ run, deadline ])
  }
  finally {
    clearTimeout(timer)
  }
}

async function createClient ({ region, profile, endpoint }: SsmOptions): Promise<AwsLiteClient> {
  const config = {
    region: region ?? process.env.AWS_REGION ?? 'us-west-2',
    ...profile ? { profile } : {},
    ...endpoint ? { endpoint } : {},
    plugins: [ ssm ],
    // aws-lite retries connection errors five times by default, with backoff: answer sooner.
    retries: 1,
  }
  // AWS_LITE_DEBUG would make aws-lite print every request body, secret values included; it
  // assigns `config.debug` from it, so a read-only `false` keeps that off for this client.
  Object.defineProperty(config, 'debug', { get: () => false, set: () => undefined, enumerable: true })
  return awsLite(config)
}

function failureFor (error: unknown, phase: 'client' | 'request', secret: string | undefined): SsmFailure {
  const { code, message } = errorFields(error)
  const said = hideSecret(message.replace(/^@aws-lite\/client: [\w.-]+: /, ''), secret)
  const what = phase === 'client' ? 'No usable AWS credentials' : 'The SSM request failed'
  return { ok: false, message: `${what}: ${code && !said.includes(code) ? `${code}: ` : ''}${said}` }
}

// aws-lite throws Errors for AWS's answers, but plain objects ({ statusCode, error, metadata }) while looking for credentials.
function errorFields (error: unknown): { code: string, message: string } {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  const text = (value: unknown): string => typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : ''
  const inner = (typeof fields.error === 'object' && fields.error !== null ? fields.error : {}) as Record<string, unknown>
  return {
    code: text(fields.code) || text(fields.__type) || text(inner.code) || text(inner.__type),
    message: (error instanceof Error ? error.message : '') || text(fields.message) || text(inner.message) || text(fields.error) ||
      (error instanceof Error ? error.name : `HTTP ${fields.statusCode ?? '?'}`),
  }
}

// AWS validation errors quote the rejected value ("Value '…' at 'value' failed to satisfy…").
function hideSecret (message: string, secret: string | undefined): string {
  if (secret === undefined) return message
  const hidden = message.replace(/Value '[\s\S]*' at/g, 'Value (hidden) at')
  return [ secret, JSON.stringify(secret).slice(1, -1) ].reduce((m, form) => m.split(form).join('(hidden)'), hidden)
}

// The staging and production variables that `npx arc env` keeps in AWS SSM Parameter Store, read
// and written exactly as it does: `arc deploy` bakes these into every Lambda of the stage.
// Nothing here throws: AWS being unreachable or refusing is an answer saying what failed.
import awsLite from '@aws-lite/client'
import type { AwsLiteClient } from '@aws-lite/client'
import ssm from '@aws-lite/ssm'
import type { Stage } from '#shared/config.ts'

type RemoteStage = Exclude<Stage, 'testing'>

/** What failed, in AWS's or aws-lite's own words (the value written is never in it). */
export interface SsmFailure { ok: false, message: string }

/**
 * `client`: an aws-lite client with the SSM plugin (by default, one from the developer's own AWS credentials);
 * `region`: by default AWS_REGION, else us-west-2, as Architect does; `endpoint`: another SSM endpoint;
 * `timeoutMs`: when to stop waiting (default 5000), so that a page does not hang while AWS is out of reach.
 */
export interface SsmOptions { client?: AwsLiteClient, region?: string, endpoint?: string, timeoutMs?: number }

/** Names `npx arc env` refuses because Architect sets them itself. */
const RESERVED = [ 'ARC_APP_NAME', 'ARC_DISABLE_ENV_VARS', 'ARC_ENV', 'ARC_ROLE', 'ARC_SANDBOX', 'ARC_WSS_URL' ]

/** The parameter `npx arc env -e <stage> -a <name>` writes: `/<app>/<stage>/<name>`. */
export function ssmParameterName (app: string, stage: RemoteStage, name: string): string {
  if (!/^[A-Za-z_]\w*$/.test(name)) throw new TypeError(`Invalid variable name "${name}"`)
  return `${stagePath(app, stage)}/${name}`
}

function stagePath (app: string, stage: RemoteStage): string {
  // Architect's own app-name rule (@architect/inventory), which also keeps `/` out of the path.
  if (!/^[a-z][a-zA-Z0-9-_]+$/.test(app)) throw new TypeError(`Invalid app name "${app}"`)
  if (stage !== 'staging' && stage !== 'production') throw new TypeError(`Invalid stage "${stage}": SSM holds only staging and production`)
  return `/${app}/${stage}`
}

/** Every variable of the stage, decrypted, as `arc deploy` would read them. */
export async function readStageEnv (app: string, stage: RemoteStage, options: SsmOptions = {}) {
  return attempt(() => stagePath(app, stage), options, undefined, async (aws, Path) => {
    const values: Record<string, string> = {}
    let NextToken: string | undefined
    do {
      // Architect's own query (Recursive, 10 a page, decrypted), paged here so that each page is a request of its own.
      const query = { Path, Recursive: true, WithDecryption: true, MaxResults: 10 }
      const page = await aws.SSM.GetParametersByPath({ ...query, ...NextToken ? { NextToken } : {} })
      for (const { Name, Value } of page.Parameters ?? []) {
        // Architect names a variable by the path segment after the stage, as deploy does.
        const name = Name?.split('/')[3]
        if (name && Value !== undefined) values[name] = Value
      }
      // SSM may repeat the last token on the last page; stop rather than loop on it.
      NextToken = page.NextToken !== NextToken ? page.NextToken : undefined
    } while (NextToken)
    return { ok: true as const, values }
  })
}

/** Sets one variable as `npx arc env -e <stage> -a <name> <value>` does: a SecureString, overwritten, AWS's default key. */
export async function writeStageEnvVar (app: string, stage: RemoteStage, name: string, value: string, options: SsmOptions = {}) {
  const check = () => {
    if (RESERVED.includes(name)) throw new TypeError(`${name} is set by Architect itself; npx arc env refuses it too`)
    if (value === '') throw new TypeError('An empty value cannot be stored in SSM (npx arc env refuses it too)')
    return ssmParameterName(app, stage, name)
  }
  return attempt(check, options, value, async (aws, Name) => {
    await aws.SSM.PutParameter({ Name, Value: value, Type: 'SecureString', Overwrite: true })
    return { ok: true as const }
  })
}

/** Checks the input, then runs `work` under a deadline; every error becomes a failure saying what failed. */
async function attempt<T> (check: () => string, options: SsmOptions, secret: string | undefined,
  work: (aws: AwsLiteClient, checked: string) => Promise<T>): Promise<T | SsmFailure> {
  let failed = ''
  let timer: NodeJS.Timeout | undefined
  const run = (async () => {
    const checked = check()
    failed = 'No usable AWS credentials'
    const aws = options.client ?? await createClient(options)
    failed = 'The SSM request failed'
    return await work(aws, checked)
  })().catch(error => ({ ok: false as const, message: `${failed && `${failed}: `}${errorText(error, secret)}` }))
  // aws-lite has no request timeout of its own: stop waiting, and let the request finish unwatched.
  const timeoutMs = options.timeoutMs ?? 5000
  const late: SsmFailure = { ok: false, message: `AWS did not answer within ${timeoutMs / 1000} s` }
  const deadline = new Promise<SsmFailure>(resolve => { timer = setTimeout(resolve, timeoutMs, late) })
  return Promise.race([ run, deadline ]).finally(() => clearTimeout(timer))
}

async function createClient ({ region, endpoint }: SsmOptions): Promise<AwsLiteClient> {
  // aws-lite retries connection errors five times by default, with backoff: answer sooner.
  const config = { region: region ?? process.env.AWS_REGION ?? 'us-west-2', ...endpoint ? { endpoint } : {}, plugins: [ ssm ], retries: 1 }
  // AWS_LITE_DEBUG would make aws-lite print every request body, values included; it assigns
  // `config.debug` from it, so a read-only `false` keeps that off for this client.
  Object.defineProperty(config, 'debug', { get: () => false, set: () => undefined, enumerable: true })
  return awsLite(config)
}

// aws-lite throws Errors tagged with AWS's `code`; while looking for credentials, also plain `{ error }` objects.
// AWS validation errors quote the rejected value ("Value '…' at 'value' failed…"): it is hidden.
function errorText (error: unknown, secret?: string): string {
  type Fields = { code?: unknown, message?: unknown, error?: Fields }
  const { code, message, error: inner } = (error ?? {}) as Fields
  const said = String(message || inner?.message || error).replace(/^@aws-lite\/client: [\w.-]+: /, '')
  const hidden = secret ? said.replace(/Value '[\s\S]*' at/g, 'Value (hidden) at').replaceAll(secret, '(hidden)') : said
  const named = code ?? inner?.code
  return typeof named === 'string' && !hidden.includes(named) ? `${named}: ${hidden}` : hidden
}

// How this deployment keeps sessions, read from the same environment variables that
// @architect/functions reads, so that the app and Architect always agree.

export type Env = Readonly<Record<string, string | undefined>>

export type Stage = 'testing' | 'staging' | 'production'

export type SessionStore =
  | { kind: 'jwe' }
  | { kind: 'dynamodb', table: string }

export type JweAlgorithm = 'A256GCM' | 'A192GCM' | 'A128GCM'

/** Bytes of ARC_APP_SECRET each algorithm uses as its key (Architect takes the first N characters). */
export const KEY_LENGTH: Readonly<Record<JweAlgorithm, number>> = { A256GCM: 32, A192GCM: 24, A128GCM: 16 }

export type SameSite = 'Lax' | 'Strict' | 'None'

export interface CookieSettings {
  /** Seconds; Architect's default is about 25 years. */
  maxAge: number
  sameSite: SameSite
  domain: string | undefined
  /** Architect leaves `Secure` off only in the sandbox (ARC_ENV=testing), which serves plain HTTP. */
  secure: boolean
}

export interface SessionConfig {
  stage: Stage
  store: SessionStore
  algorithm: JweAlgorithm
  /** ARC_APP_SECRET as configured; undefined when unset or empty. */
  secret: string | undefined
  /** SESSION_SECRET_FALLBACKS: earlier secrets, still accepted on read, never used to write. */
  fallbacks: string[]
  /** Keys the DynamoDB cookie's HMAC signature, with Architect's own fallbacks. */
  signingSecret: string
  /** The DynamoDB table sessions live in, or come from when the store is JWE (app.arc's `sessions`). */
  sessionTable: string
  cookie: CookieSettings
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const TWENTY_FIVE_YEARS = 7.884e8

/**
 * `jwe` means encrypted cookies; any other value names the DynamoDB table. Decided as
 * @architect/functions decides: `jwe` in either variable wins. Sandbox and `arc deploy` set
 * `jwe` when nothing is configured, so unset means `jwe` here too.
 */
export function sessionStoreFor (env: Env): SessionStore {
  const { ARC_SESSION_TABLE_NAME, SESSION_TABLE_NAME } = env
  const table = ARC_SESSION_TABLE_NAME || SESSION_TABLE_NAME
  if (!table || ARC_SESSION_TABLE_NAME === 'jwe' || SESSION_TABLE_NAME === 'jwe') return { kind: 'jwe' }
  return { kind: 'dynamodb', table }
}

export function stageOf (env: Env): Stage {
  const stage = env.ARC_ENV || 'testing'
  if (stage === 'testing' || stage === 'staging' || stage === 'production') return stage
  throw new ConfigError(`ARC_ENV must be testing, staging or production, not "${stage}"`)
}

export function sessionConfigFor (env: Env): SessionConfig {
  const stage = stageOf(env)
  const algorithm = env.ARC_APP_SECRET_ALGO || 'A256GCM'
  if (!isJweAlgorithm(algorithm)) {
    throw new ConfigError(`ARC_APP_SECRET_ALGO must be one of ${Object.keys(KEY_LENGTH).join(', ')}, not "${algorithm}"`)
  }
  const maxAge = Number(env.ARC_SESSION_TTL || env.SESSION_TTL || TWENTY_FIVE_YEARS)
  if (!Number.isFinite(maxAge) || maxAge <= 0) {
    throw new ConfigError(`ARC_SESSION_TTL must be a positive number of seconds, not "${env.ARC_SESSION_TTL ?? env.SESSION_TTL}"`)
  }
  const store = sessionStoreFor(env)
  const secret = env.ARC_APP_SECRET || undefined
  const fallbacks = secretFallbacks(env)
  // Architect itself throws on every JWE request with a short secret; say which variable to fix.
  const named = [ [ 'ARC_APP_SECRET', secret ], ...fallbacks.map(value => [ 'SESSION_SECRET_FALLBACKS', value ]) ]
  for (const [ name, value ] of store.kind === 'jwe' ? named : []) {
    if (value !== undefined && !isKeyLongEnough(value, algorithm)) {
      const length = KEY_LENGTH[algorithm]
      throw new ConfigError(`${name} must hold secrets of at least ${length} ASCII characters for ${algorithm} (they key the JWE cookie)`)
    }
  }
  return {
    stage,
    store,
    algorithm,
    secret,
    fallbacks,
    signingSecret: env.ARC_APP_SECRET || env.ARC_APP_NAME || 'fallback',
    sessionTable: store.kind === 'dynamodb' ? store.table : 'sessions',
    cookie: {
      maxAge,
      sameSite: sameSiteOf(env.ARC_SESSION_SAME_SITE),
      domain: env.ARC_SESSION_DOMAIN || env.SESSION_DOMAIN || undefined,
      secure: stage !== 'testing',
    },
  }
}

/** Architect keys JWE with the first N characters of the secret, and throws if they are fewer than N bytes. */
export function isKeyLongEnough (secret: string, algorithm: JweAlgorithm): boolean {
  return Buffer.byteLength(secret.slice(0, KEY_LENGTH[algorithm])) === KEY_LENGTH[algorithm]
}

/** SESSION_SECRET_FALLBACKS: earlier values of ARC_APP_SECRET, newest first, still accepted on read. */
export function secretFallbacks (env: Env): string[] {
  return (env.SESSION_SECRET_FALLBACKS ?? '').split(',').map(value => value.trim()).filter(Boolean)
}

function isJweAlgorithm (value: string): value is JweAlgorithm {
  return Object.hasOwn(KEY_LENGTH, value)
}

/** Characters of ARC_APP_SECRET that `algorithm` needs; undefined for an algorithm Architect does not know. */
export function keyLengthFor (algorithm: string): number | undefined {
  return isJweAlgorithm(algorithm) ? KEY_LENGTH[algorithm] : undefined
}

function sameSiteOf (value: string | undefined): SameSite {
  switch ((value || 'lax').toLowerCase()) {
    case 'lax': return 'Lax'
    case 'strict': return 'Strict'
    case 'none': return 'None'
    default: throw new ConfigError(`ARC_SESSION_SAME_SITE must be lax, strict or none, not "${value}"`)
  }
}


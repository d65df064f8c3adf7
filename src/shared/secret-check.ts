// ARC_APP_SECRET is what keeps sessions unforgeable: it keys the JWE cookie and signs DynamoDB
// session ids. @architect/functions accepts a missing one silently (falling back to keys printed
// in its own source), so the app checks it itself. Deployed stages refuse to run without a good
// one; the sandbox shows a warning instead.
import { createHash } from 'node:crypto'
import { KEY_LENGTH, keyLengthFor, secretFallbacks } from '#shared/config.ts'
import type { Env, Stage } from '#shared/config.ts'

export type SecretProblem = 'missing' | 'too-short' | 'testing-secret'

/**
 * SHA-256 of the testing secret in prefs.arc, which is public: a deployed stage using it is as
 * open as one without. (Only the hash is here, so the value is not spread further.)
 */
export const TESTING_SECRET_SHA256 = '1f42604e73719217a69ce4ee40afe7f8b592917ef9c6519e92aa7058970ee8f0'

/**
 * What is wrong with the ARC_APP_SECRET in `env` for `stage`. The public testing secret is a
 * problem everywhere but in testing, which is what it is for.
 */
export function secretProblem (env: Env, stage: Stage): SecretProblem | undefined {
  return problemOfSecret(env.ARC_APP_SECRET, env, stage)
}

/** The first SESSION_SECRET_FALLBACKS entry that breaks the same rules, counted from 1. */
export function fallbackProblem (env: Env, stage: Stage): { fallback: number, problem: SecretProblem } | undefined {
  for (const [ index, secret ] of secretFallbacks(env).entries()) {
    const problem = problemOfSecret(secret, env, stage)
    if (problem) return { fallback: index + 1, problem }
  }
  return undefined
}

/** The same rules for any one secret (ARC_APP_SECRET, or one of its fallbacks), under `env`'s algorithm. */
export function problemOfSecret (secret: string | undefined, env: Env, stage: Stage): SecretProblem | undefined {
  if (!secret) return 'missing'
  if (secret.length < neededLength(env)) return 'too-short'
  const isTestingSecret = createHash('sha256').update(secret).digest('hex') === TESTING_SECRET_SHA256
  return isTestingSecret && stage !== 'testing' ? 'testing-secret' : undefined
}

/** An unknown algorithm is reported elsewhere; measured against the default meanwhile. */
function neededLength (env: Env): number {
  return keyLengthFor(env.ARC_APP_SECRET_ALGO || 'A256GCM') ?? KEY_LENGTH.A256GCM
}

export interface SecretAdvice {
  title: string
  message: string
  /** How to fix it, to copy. */
  commands: string[]
}

/** What to say about `problem`; `fallback` n when it is the nth of SESSION_SECRET_FALLBACKS. */
export function secretAdvice (problem: SecretProblem, env: Env, fallback?: number): SecretAdvice {
  const stage = env.ARC_ENV || 'testing'
  const app = env.ARC_APP_NAME || 'arc-sessions'
  const algorithm = env.ARC_APP_SECRET_ALGO || 'A256GCM'
  const name = fallback ? `Fallback #${fallback} of SESSION_SECRET_FALLBACKS` : 'ARC_APP_SECRET'
  const why = {
    'missing': 'ARC_APP_SECRET is not set. @architect/functions would then encrypt JWE sessions with a key printed in its own '
      + 'source and sign DynamoDB session ids with the app’s name: anyone could forge a session.',
    'too-short': `${name} is shorter than the ${neededLength(env)} characters ${algorithm} needs.`,
    'testing-secret': `${name} is the testing secret from prefs.arc, which is public: anyone could forge a session.`,
  }[problem]
  return {
    title: stage === 'testing'
      ? 'Warning: this sandbox’s sessions are not protected'
      : `This app refuses to run without a proper ${fallback ? 'SESSION_SECRET_FALLBACKS' : 'ARC_APP_SECRET'}`,
    message: stage === 'testing'
      ? `${why} That is tolerated in the sandbox only; a deployed stage in this state answers every request with an error page.`
      : `${why} Until it is fixed, every page answers with this error and no session cookie is issued. `
        + 'Set a random secret, then deploy again:',
    commands: fallback
      ? [ `# Remove fallback #${fallback} from SESSION_SECRET_FALLBACKS (comma-separated, newest first), then deploy again.` ]
      : stage === 'testing' ? [ 'openssl rand -base64 32    # then put it in prefs.arc under @env testing as ARC_APP_SECRET' ] : [
        `aws ssm put-parameter --type SecureString --overwrite --name /${app}/${stage}/ARC_APP_SECRET --value "$(openssl rand -base64 32)"`,
        `# or: npx arc env -e ${stage} -a ARC_APP_SECRET "$(openssl rand -base64 32)"`
          + '   (it rewrites prefs.arc: do not commit it afterwards)',
        `npm run deploy:${stage}`,
      ],
  }
}

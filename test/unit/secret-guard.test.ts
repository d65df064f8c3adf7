// ARC_APP_SECRET guardrails: a deployed stage without a proper secret answers every request
// with a 500 page that says how to fix it and issues no cookie; the sandbox shows a warning.
import { join } from 'node:path'
import inventory from '@architect/inventory'
import test from 'tape'
import { home } from '../../src/http/get-index/index.ts'
import { count } from '../../src/http/post-count/index.ts'
import { createHandler } from '../../src/shared/http/handler.ts'
import { csrfToken } from '../../src/shared/http/csrf.ts'
import { TESTING_SECRET_SHA256, secretProblem } from '../../src/shared/secret-check.ts'
import { createHash } from 'node:crypto'
import { fakeClock, formPost, httpEvent, recordingTable, testEnv } from './_fixtures.ts'
import type { StoreName } from './_fixtures.ts'

const TESTING_SECRET = 'testing-only-secret-never-use-in-staging-or-production'
const GOOD = 'a-real-random-secret-of-more-than-32-characters'
const STORES: StoreName[] = [ 'jwe', 'dynamodb' ]

function run (store: StoreName, extra: Record<string, string | undefined>, post = false) {
  const table = recordingTable()
  const env = { ...testEnv(store), ...extra }
  const handler = createHandler(post ? count : home, { env, now: fakeClock().now, table: table.open })
  const event = post ? formPost('/count', { _csrf: csrfToken('', env.ARC_APP_SECRET || env.ARC_APP_NAME || 'fallback') }) : httpEvent('GET', '/')
  return handler(event).then(result => ({ result, table }))
}

test('the testing secret’s fingerprint in the code is the one in prefs.arc', async t => {
  const { inv } = await inventory({ cwd: join(import.meta.dirname, '..', '..') })
  const secret = inv._project.env.local?.testing?.ARC_APP_SECRET ?? ''
  t.equal(createHash('sha256').update(secret).digest('hex'), TESTING_SECRET_SHA256, 'SHA-256 of prefs.arc’s ARC_APP_SECRET')
  t.equal(secretProblem({ ARC_APP_SECRET: secret }, 'production'), 'testing-secret', 'so it is recognised outside testing')
  t.equal(secretProblem({ ARC_APP_SECRET: secret }, 'testing'), undefined, 'and accepted in testing, which it is for')
})

for (const store of STORES) {
  for (const stage of [ 'staging', 'production' ]) {
    for (const [ name, secret ] of [ [ 'missing', undefined ], [ 'too short', 'short-secret' ], [ 'the testing secret', TESTING_SECRET ] ] as const) {
      test(`${store}, ${stage}: an ARC_APP_SECRET that is ${name} stops every page with a 500 that says how to fix it`, async t => {
        for (const post of [ false, true ]) {
          const { result, table } = await run(store, { ARC_ENV: stage, ARC_APP_SECRET: secret }, post)
          const what = post ? 'POST /count' : 'GET /'
          t.equal(result.statusCode, 500, `${what}: 500`)
          t.equal(result.headers['set-cookie'], undefined, `${what}: no cookie issued`)
          t.deepEqual(table.calls, [], `${what}: no session read or written`)
          t.ok(result.body.includes('openssl rand -base64 32'), `${what}: the page shows how to make a secret`)
          t.ok(result.body.includes(`npm run deploy:${stage}`), `${what}: and to deploy it`)
          if (secret) t.notOk(result.body.includes(secret), `${what}: never the secret itself`)
        }
      })
    }
    test(`${store}, ${stage}: a proper secret runs normally`, async t => {
      const { result } = await run(store, { ARC_ENV: stage, ARC_APP_SECRET: GOOD })
      t.equal(result.statusCode, 200, '200')
      t.notOk(result.body.includes('data-testid="secret-warning"'), 'no warning')
    })
  }
}

test('testing: a missing secret shows a warning banner on every page, and the sandbox still runs', async t => {
  for (const store of STORES) {
    const { result } = await run(store, { ARC_APP_SECRET: undefined, ARC_APP_NAME: 'arc-sessions' })
    t.equal(result.statusCode, 200, `${store}: 200`)
    t.ok(result.body.includes('data-testid="secret-warning"'), `${store}: with the warning banner`)
    t.match(result.body, /ARC_APP_SECRET is not set/, `${store}: saying what is wrong`)
  }
  const { result } = await run('jwe', { ARC_APP_SECRET: TESTING_SECRET })
  t.notOk(result.body.includes('data-testid="secret-warning"'), 'the testing secret itself is expected in the sandbox: no banner')
})

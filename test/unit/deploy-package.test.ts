// AWS is out of reach here, so this builds offline the CloudFormation that `arc deploy` sends
// (with the same @architect/inventory and @architect/package it uses) and checks what matters.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import inventory from '@architect/inventory'
import pkg from '@architect/package'
import test from 'tape'
import { ROOT } from '../helpers/project.ts'

interface Resource { Type: string, Properties: Record<string, unknown> }

const ROUTES = [
  [ 'get', '/' ], [ 'post', '/count' ], [ 'post', '/destroy' ], [ 'get', '/notes' ], [ 'post', '/notes' ],
  [ 'get', '/register' ], [ 'post', '/register' ], [ 'get', '/login' ], [ 'post', '/login' ], [ 'post', '/logout' ], [ 'get', '/signed-out' ],
  [ 'get', '/account' ], [ 'get', '/account/sessions' ], [ 'post', '/account/sessions' ], [ 'post', '/account/logout-everywhere' ],
  [ 'get', '/settings' ], [ 'post', '/settings' ], [ 'get', '/plain' ], [ 'post', '/plain' ],
  [ 'x-amazon-apigateway-any-method', '/{proxy+}' ],
] as const

for (const stage of [ 'staging', 'production' ] as const) {
  test(`${stage}: the CloudFormation that arc deploy would send`, async t => {
    const template = pkg(await inventory({ cwd: ROOT, deployStage: stage }))
    const resources = Object.values(template.Resources) as Resource[]

    const tables = resources.filter(r => r.Type === 'AWS::DynamoDB::Table')
    t.equal(tables.length, 3, 'three DynamoDB tables: sessions, users, lockouts')
    const sessions = template.Resources.SessionsTable?.Properties ?? {}
    t.deepEqual(sessions.KeySchema, [ { AttributeName: '_idx', KeyType: 'HASH' } ], 'sessions keyed by _idx, as @architect/functions expects')
    t.deepEqual(sessions.TimeToLiveSpecification, { AttributeName: '_ttl', Enabled: true }, 'TTL on _ttl, the attribute the library writes')
    const indexes = sessions.GlobalSecondaryIndexes as { IndexName: string, KeySchema: unknown }[] | undefined
    t.deepEqual(indexes?.map(i => [ i.IndexName, i.KeySchema ]), [ [ 'byUser', [ { AttributeName: 'userEmail', KeyType: 'HASH' } ] ] ],
      'a byUser index on userEmail, for listing an account’s sessions')
    t.deepEqual(template.Resources.UsersTable?.Properties.KeySchema, [ { AttributeName: 'email', KeyType: 'HASH' } ], 'users keyed by email')
    t.equal(template.Resources.UsersTable?.Properties.TimeToLiveSpecification, undefined, 'accounts never expire')
    t.deepEqual(template.Resources.LockoutsTable?.Properties.TimeToLiveSpecification, { AttributeName: 'expiresAt', Enabled: true }, 'lockouts expire on expiresAt')

    const api = resources.find(r => r.Type === 'AWS::Serverless::HttpApi')
    const paths = (api?.Properties.DefinitionBody as { paths: Record<string, Record<string, unknown>> } | undefined)?.paths ?? {}
    for (const [ method, path ] of ROUTES) {
      t.ok(paths[path]?.[method], `the API routes ${method.startsWith('x-') ? 'ANY' : method.toUpperCase()} ${path}`)
    }

    const lambdas = resources.filter(r => r.Type === 'AWS::Serverless::Function')
    t.equal(lambdas.length, ROUTES.length, 'one Lambda per route')
    t.deepEqual([ ...new Set(lambdas.map(l => l.Properties.Runtime)) ], [ 'nodejs22.x' ], 'every Lambda on nodejs22.x, not the deprecated nodejs20.x')
    const env = lambdas.map(l => (l.Properties.Environment as { Variables: Record<string, unknown> }).Variables)
    t.ok(env.every(v => v.ARC_ENV === stage), `every Lambda runs with ARC_ENV=${stage}`)
    t.ok(env.every(v => v.ARC_SESSION_TABLE_NAME === 'jwe'), 'JWE sessions unless `npx arc env` sets ARC_SESSION_TABLE_NAME')
    t.ok(env.every(v => !('ARC_APP_SECRET' in v)), 'the testing secret from prefs.arc is not deployed')
  })
}

test('npm run deploy:staging and deploy:production run arc deploy for each stage', t => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  t.equal(scripts['deploy:staging'], 'arc deploy', 'staging is arc deploy’s default stage')
  t.equal(scripts['deploy:production'], 'arc deploy --production', 'production needs --production')
  t.end()
})

// The settings page's view of one environment: SESSION_SECRET_FALLBACKS are counted, never shown,
// and held to ARC_APP_SECRET's rules.
import test from 'tape'
import { describeEnvironment } from '../../src/shared/settings/environments.ts'

const SECRET = 'x'.repeat(40)
const TESTING_SECRET = 'testing-only-secret-never-use-in-staging-or-production'

test('fallback secrets: counted, values never in the row, short or public ones flagged', t => {
  const row = (stage: 'testing' | 'staging', fallbacks: string) => describeEnvironment({
    stage, vars: { ARC_APP_SECRET: SECRET, SESSION_SECRET_FALLBACKS: fallbacks }, source: 'prefs.arc', sessionTables: [ 'sessions' ],
  })
  const good = row('staging', `${'a'.repeat(32)}, ${'b'.repeat(40)}`)
  t.equal(good.fallbacks, 2, 'two fallbacks, counted')
  t.deepEqual(good.problems, [], 'long enough: no problem')
  t.notOk(JSON.stringify(good).includes('a'.repeat(32)), 'no fallback value in the row')
  t.equal(row('staging', '').fallbacks, 0, 'unset: none')
  const bad = row('staging', `short, ${TESTING_SECRET}`)
  t.ok(bad.problems.some(p => /SESSION_SECRET_FALLBACKS #1 is shorter than the 32 characters/.test(p)), 'a short fallback is flagged')
  t.ok(bad.problems.some(p => /SESSION_SECRET_FALLBACKS #2 is the public testing secret/.test(p)), 'the testing secret outside testing is flagged')
  t.notOk(JSON.stringify(bad.problems).includes('short,'), 'the problems do not quote the values')
  t.notOk(row('testing', TESTING_SECRET).problems.some(p => p.includes('FALLBACKS')), 'the testing secret is fine in testing')
  t.end()
})

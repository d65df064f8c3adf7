// Measures what the README promises: each handler's bundle size in .build/; the sandbox
// latency of GET / in each session store (median of 50 sequential requests), for a visitor
// without a session and for one with a session of count 3; and how long a sign-in takes
// (one scrypt), with a wrong password and with an unknown email beside it: the three should
// take about the same time, so timing tells nothing about which accounts exist. And the cost of a
// request that moves its session from the other store (after a switch) against a plain one.
// Run: node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/benchmark.ts
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { hashPassword } from '../src/shared/accounts/passwords.ts'
import { DEMO, newEmail, registerAs, signInAs } from '../test/helpers/accounts.ts'
import { sessionClient } from '../test/helpers/http-client.ts'
import { ROOT } from '../test/helpers/project.ts'
import type { StoreName } from '../test/helpers/project.ts'
import { appNow, startSandbox, stopSandbox, testingEnv } from '../test/helpers/sandbox.ts'
import { putRow } from '../test/helpers/tables.ts'
import { sealJwe } from '../src/shared/session/jwe.ts'
import { newSessionId, signSessionId } from '../src/shared/session/signed-id.ts'

const REQUESTS = 50

async function timings (cookie: string | undefined | (() => Promise<string>)): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    // A function makes a new cookie per request: each one a session still in the other store.
    const visitor = sessionClient(typeof cookie === 'function' ? await cookie() : cookie)
    const start = performance.now()
    const page = await visitor.get('/')
    if (page.status !== 200) throw new Error(`GET / answered ${page.status}`)
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)
}

const ms = (value: number | undefined) => `${(value ?? NaN).toFixed(0)} ms`
const median = (values: number[]) => [ ...values ].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function timed (action: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await action()
  return performance.now() - start
}

const hashes: number[] = []
for (let i = 0; i < 5; i++) hashes.push(await timed(() => hashPassword('correct horse battery staple')))
console.log(`scrypt hash (N=2^17, r=8, p=1) in this process: median ${ms(median(hashes))}`)

for (const store of [ 'jwe', 'dynamodb' ] as StoreName[]) {
  await startSandbox(store)
  try {
    const visitor = sessionClient()
    for (let i = 0; i < 3; i++) await visitor.post('/count')
    await timings(undefined) // warm the file cache
    const secret = (await testingEnv(store)).ARC_APP_SECRET ?? ''
    const otherStore = store === 'dynamodb'
      ? async () => sealJwe({ count: 3, _secret: newSessionId() }, Buffer.from(secret.slice(0, 32)), 'A256GCM', Math.floor(appNow() / 1000))
      : async () => {
        const id = newSessionId()
        await putRow('sessions', { _idx: id, _secret: newSessionId(), _ttl: Math.floor(appNow() / 1000) + 3600, count: 3 })
        return signSessionId(id, secret)
      }
    const cases = [ [ 'no session', undefined ], [ 'with a session', visitor.cookie ], [ 'moving stores', otherStore ] ] as const
    for (const [ label, cookie ] of cases) {
      const times = await timings(cookie)
      const p90 = times[Math.floor(REQUESTS * 0.9)]
      console.log(`GET / ${store.padEnd(8)} ${label.padEnd(15)} median ${ms(times[REQUESTS / 2])}, p90 ${ms(p90)}, min ${ms(times[0])}`)
    }
    const right: number[] = []
    const wrong: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 3; i++) {
      const email = newEmail('bench')
      await registerAs(sessionClient(), email)
      // Four wrong passwords per account: the fifth would lock it.
      for (let j = 0; j < 4; j++) wrong.push(await timed(() => signInAs(sessionClient(), email, 'not the password')))
    }
    for (let i = 0; i < 12; i++) {
      right.push(await timed(() => signInAs(sessionClient(), DEMO.email, DEMO.password)))
      unknown.push(await timed(() => signInAs(sessionClient(), newEmail('nobody'), 'not the password')))
    }
    console.log(`sign-in ${store.padEnd(8)} (GET /login + POST /login) right password ${ms(median(right))}, `
      + `wrong password ${ms(median(wrong))}, unknown email ${ms(median(unknown))}`)
  }
  finally {
    await stopSandbox()
  }
}

const build = join(ROOT, '.build', 'http')
for (const name of readdirSync(build).sort()) {
  const size = statSync(join(build, name, 'index.js')).size
  console.log(`bundle ${name.padEnd(14)} ${(size / 1024).toFixed(0)} KB`)
}

// Measures what the README promises: each handler's bundle size in .build/, and the sandbox
// latency of GET / in each session store (median of 50 sequential requests), for a visitor
// without a session and for one with a session of count 3.
// Run: node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/benchmark.ts
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { sessionClient } from '../test/helpers/http-client.ts'
import { ROOT } from '../test/helpers/project.ts'
import type { StoreName } from '../test/helpers/project.ts'
import { startSandbox, stopSandbox } from '../test/helpers/sandbox.ts'

const REQUESTS = 50

async function timings (cookie: string | undefined): Promise<number[]> {
  const visitor = sessionClient(cookie)
  const times: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now()
    const page = await visitor.get('/')
    if (page.status !== 200) throw new Error(`GET / answered ${page.status}`)
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)
}

const ms = (value: number | undefined) => `${(value ?? NaN).toFixed(0)} ms`

for (const store of [ 'jwe', 'dynamodb' ] as StoreName[]) {
  await startSandbox(store)
  try {
    const visitor = sessionClient()
    for (let i = 0; i < 3; i++) await visitor.post('/count')
    await timings(undefined) // warm the file cache
    for (const [ label, cookie ] of [ [ 'no session', undefined ], [ 'with a session', visitor.cookie ] ] as const) {
      const times = await timings(cookie)
      console.log(`GET / ${store.padEnd(8)} ${label.padEnd(15)} median ${ms(times[REQUESTS / 2])}, p90 ${ms(times[Math.floor(REQUESTS * 0.9)])}, min ${ms(times[0])}`)
    }
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

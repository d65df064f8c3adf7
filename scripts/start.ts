// `npm start`: the sandbox on http://localhost:3333, with its DynamoDB kept on disk in
// .sandbox-data/ (git-ignored) instead of in memory. The sandbox restarts itself whenever
// prefs.arc changes, as switching the session store on /settings does, and an in-memory
// database would lose every account with it. Ctrl-C stops both.
// PORT, ARC_TABLES_PORT and ARC_INTERNAL_PORT move it off the default ports.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import dynalite from 'dynalite'

const cwd = process.cwd()
const port = process.env.PORT || '3333'
const tablesPort = process.env.ARC_TABLES_PORT || '5555'
const dataDir = join(cwd, '.sandbox-data', 'dynamodb')
mkdirSync(dataDir, { recursive: true })

const db = dynalite({ path: dataDir, createTableMs: 0 })
await new Promise<void>((resolve, reject) => {
  db.once('error', reject)
  db.listen(Number(tablesPort), 'localhost', () => resolve())
})
console.log(`DynamoDB (dynalite) on localhost:${tablesPort}, stored in ${dataDir}`)

const sandbox = spawn(join(cwd, 'node_modules', '.bin', 'arc'), [ 'sandbox', '--host', 'localhost', '--port', port ], {
  cwd,
  stdio: 'inherit',
  // Its own process group: the sandbox starts children that must stop with it.
  detached: true,
  env: {
    ...process.env,
    ARC_DB_EXTERNAL: 'true',
    ARC_TABLES_PORT: tablesPort,
    // Without AWS credentials the SDK would probe the EC2 metadata service on every start.
    AWS_EC2_METADATA_DISABLED: 'true',
  },
})

let stopping = false
function stop (code: number): void {
  if (stopping) return
  stopping = true
  try {
    if (sandbox.pid) process.kill(-sandbox.pid, 'SIGTERM')
  }
  catch {
    // Already gone.
  }
  db.close(() => process.exit(code))
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
sandbox.on('exit', code => stop(code ?? 0))

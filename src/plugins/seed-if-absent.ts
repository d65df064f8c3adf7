// A sandbox plugin: at every sandbox start, restarts included, puts each row of
// seed-if-absent.json into its table only if the table has no row with that key yet. Architect's
// own seeding (sandbox-seed.json) puts its rows over whatever is there, so every restart would
// reset the demo account, and its "log out everywhere" time with it: sessions it had ended
// would be signed in again.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { arcData } from '#shared/arc-data.ts'

/** The part of what Architect hands a sandbox plugin that this one reads. */
interface SandboxStart {
  inventory: { inv: { _project: { cwd: string }, tables?: { name: string, partitionKey: string }[] | null } }
}

type Seed = Record<string, Record<string, unknown>[]>

export const SEED_FILE = 'seed-if-absent.json'

async function start ({ inventory }: SandboxStart): Promise<void> {
  if (process.env.ARC_ENV !== 'testing') return
  const { inv } = inventory
  const seed = JSON.parse(readFileSync(join(inv._project.cwd, SEED_FILE), 'utf8')) as Seed
  const data = await arcData()
  for (const [ table, rows ] of Object.entries(seed)) {
    const key = inv.tables?.find(t => t.name === table)?.partitionKey
    if (!key) throw new Error(`${SEED_FILE} names a table that app.arc does not have: ${table}`)
    for (const row of rows) await putIfAbsent(data, table, key, row)
  }
}

async function putIfAbsent (data: Awaited<ReturnType<typeof arcData>>, table: string, key: string, row: Record<string, unknown>) {
  try {
    await data._client.PutItem({
      TableName: data.name(table), Item: row,
      ConditionExpression: 'attribute_not_exists(#key)', ExpressionAttributeNames: { '#key': key },
    })
  }
  catch (error) {
    // The row is there already: it stays exactly as it is.
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
  }
}

export default { sandbox: { start } }

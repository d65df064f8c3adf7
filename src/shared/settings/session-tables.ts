// The tables in app.arc that can hold sessions: those keyed by `_idx`, as Architect's session
// store requires. Only these (or `jwe`) may be chosen on the settings page.
import { arcData } from '#shared/arc-data.ts'
export async function sessionTablesInApp (): Promise<string[]> {
  const data = await arcData()
  const tables = await data.reflect() as Record<string, string>
  const keyed = await Promise.all(Object.entries(tables).map(async ([ logical, TableName ]) => {
    const { Table } = await data._client.DescribeTable({ TableName })
    const hash = Table?.KeySchema?.find(k => k.KeyType === 'HASH')?.AttributeName
    return hash === '_idx' ? logical : undefined
  }))
  return keyed.filter((name): name is string => name !== undefined).sort()
}

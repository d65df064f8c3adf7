// Reads the sandbox's tables directly, as DynamoDB itself would answer.
import awsLite from '@aws-lite/client'
import dynamodb from '@aws-lite/dynamodb'
import type {} from '@aws-lite/dynamodb-types'
import { PORTS } from './project.ts'

type Row = Record<string, unknown>
type TableName = 'sessions' | 'users' | 'lockouts'

const KEYS: Record<TableName, string> = { sessions: '_idx', users: 'email', lockouts: 'email' }

async function client (port: number = PORTS.tables) {
  return awsLite({
    region: 'us-west-2',
    endpoint: `http://localhost:${port}`,
    accessKeyId: 'sandbox',
    secretAccessKey: 'sandbox',
    plugins: [ dynamodb ],
  })
}

async function physicalName (table: TableName, port?: number): Promise<string> {
  const aws = await client(port)
  const { TableNames = [] } = await aws.DynamoDB.ListTables({})
  // The sandbox makes a staging and a production copy of each table; Architect's client uses staging.
  const name = TableNames.find((n: string) => n.endsWith(`-staging-${table}`))
  if (!name) throw new Error(`No ${table} table in the sandbox: ${TableNames.join(', ')}`)
  return name
}

/** Every row of a sandbox table; `port` for a sandbox other than the test suite's own. */
export async function tableRows (table: TableName, port?: number): Promise<Row[]> {
  const aws = await client(port)
  const { Items = [] } = await aws.DynamoDB.Scan({ TableName: await physicalName(table, port) })
  return Items as Row[]
}

export async function clearTable (table: TableName): Promise<void> {
  const aws = await client()
  const TableName = await physicalName(table)
  const key = KEYS[table]
  for (const row of await tableRows(table)) {
    await aws.DynamoDB.DeleteItem({ TableName, Key: { [key]: row[key] } })
  }
}

/** Writes a row as the app would (a session, for the benchmark's moves from DynamoDB to JWE). */
export async function putRow (table: TableName, row: Row): Promise<void> {
  const aws = await client()
  await aws.DynamoDB.PutItem({ TableName: await physicalName(table), Item: row })
}

export const sessionRows = () => tableRows('sessions')
export const clearSessionRows = () => clearTable('sessions')

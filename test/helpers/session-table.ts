// Reads the sandbox's sessions table directly, as DynamoDB itself would answer.
import awsLite from '@aws-lite/client'
import dynamodb from '@aws-lite/dynamodb'
import type {} from '@aws-lite/dynamodb-types'
import { PORTS } from './project.ts'

type Row = Record<string, unknown>

async function client () {
  return awsLite({
    region: 'us-west-2',
    endpoint: `http://localhost:${PORTS.tables}`,
    accessKeyId: 'sandbox',
    secretAccessKey: 'sandbox',
    plugins: [ dynamodb ],
  })
}

async function tableName (): Promise<string> {
  const aws = await client()
  const { TableNames = [] } = await aws.DynamoDB.ListTables({})
  // The sandbox makes a staging and a production copy of each table; Architect's client uses staging.
  const name = TableNames.find((n: string) => n.endsWith('-staging-sessions'))
  if (!name) throw new Error(`No sessions table in the sandbox: ${TableNames.join(', ')}`)
  return name
}

export async function sessionRows (): Promise<Row[]> {
  const aws = await client()
  const { Items = [] } = await aws.DynamoDB.Scan({ TableName: await tableName() })
  return Items as Row[]
}

export async function clearSessionRows (): Promise<void> {
  const aws = await client()
  const TableName = await tableName()
  for (const row of await sessionRows()) {
    await aws.DynamoDB.DeleteItem({ TableName, Key: { _idx: row._idx } })
  }
}

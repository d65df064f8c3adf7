// The DynamoDB sessions table, reached through Architect's own data client.
import { arcData } from '#shared/arc-data.ts'
import type { StoredSession } from '#shared/session/types.ts'

/** One row per session, keyed by `_idx`; `_ttl` is the attribute DynamoDB's TTL deletes by. */
export interface SessionRow extends StoredSession {
  _idx: string
  _secret: string
  _ttl: number
}

export interface SessionTable {
  get (id: string): Promise<SessionRow | undefined>
  put (row: SessionRow): Promise<void>
  delete (id: string): Promise<void>
  /** The rows of one signed-in user, through the table's `byUser` index on `userEmail`. */
  byUser (email: string): Promise<SessionRow[]>
}

/** The table named by ARC_SESSION_TABLE_NAME (its logical name in app.arc, as Architect accepts). */
export async function arcSessionTable (logicalName: string): Promise<SessionTable> {
  const data = await arcData()
  const TableName = data.name(logicalName) ?? logicalName
  const client = data._client
  return {
    async get (id) {
      // Consistent: a row written by the previous request must be seen by this one.
      const { Item } = await client.GetItem({ TableName, Key: { _idx: id }, ConsistentRead: true })
      return Item as SessionRow | undefined
    },
    async put (row) {
      await client.PutItem({ TableName, Item: row })
    },
    async delete (id) {
      await client.DeleteItem({ TableName, Key: { _idx: id } })
    },
    async byUser (email) {
      const { Items = [] } = await client.Query({
        TableName, IndexName: 'byUser',
        KeyConditionExpression: 'userEmail = :email',
        ExpressionAttributeValues: { ':email': email },
      })
      return Items as unknown as SessionRow[]
    },
  }
}

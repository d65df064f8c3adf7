// The DynamoDB sessions table, reached through Architect's own data client.
import { arcData } from '#shared/arc-data.ts'
import type { StoredSession } from '#shared/session/types.ts'

/** One row per session, keyed by `_idx`; `_ttl` is the attribute DynamoDB's TTL deletes by. */
export interface SessionRow extends StoredSession {
  _idx: string
  _secret: string
  _ttl: number
}

/**
 * A put that must not bring an ended session back (a request that read the row before a sign-out
 * or a revocation wrote it): `live`, only over a row that exists and is no tombstone; `not-ended`,
 * also where no row is (a session moving from a JWE cookie).
 */
export type PutCondition = 'live' | 'not-ended'

export interface SessionTable {
  get (id: string): Promise<SessionRow | undefined>
  /** False when `condition` did not hold, and nothing was written. */
  put (row: SessionRow, condition?: PutCondition): Promise<boolean>
  delete (id: string): Promise<void>
  /** The rows of one signed-in user, through the table's `byUser` index on `userEmail`. */
  byUser (email: string): Promise<SessionRow[]>
}

const CONDITIONS: Record<PutCondition, { ConditionExpression: string, ExpressionAttributeNames: Record<string, string> }> = {
  'live': {
    ConditionExpression: 'attribute_exists(#idx) AND attribute_not_exists(#ended)',
    ExpressionAttributeNames: { '#idx': '_idx', '#ended': '_ended' },
  },
  'not-ended': { ConditionExpression: 'attribute_not_exists(#ended)', ExpressionAttributeNames: { '#ended': '_ended' } },
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
    async put (row, condition) {
      try {
        await client.PutItem({ TableName, Item: row, ...condition && CONDITIONS[condition] })
        return true
      }
      catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false
        throw error
      }
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

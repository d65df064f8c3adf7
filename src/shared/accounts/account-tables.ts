// The `users` and `lockouts` tables, through Architect's data client.
import { arcData } from '#shared/arc-data.ts'
import type { LockoutRecord } from '#shared/accounts/lockout.ts'

export interface UserRecord {
  /** Normalised (trimmed, lower-case); the table's key. */
  email: string
  /** `scrypt$…`, see passwords.ts. */
  passwordHash: string
  /** ms since the epoch. */
  createdAt: number
  /** Sessions signed in before this time (ms) are over: "log out everywhere" sets it. */
  sessionsValidSince: number
}

export interface UsersTable {
  get (email: string): Promise<UserRecord | undefined>
  /** False when the email is already taken (checked by DynamoDB, so two registrations cannot race). */
  create (user: UserRecord): Promise<boolean>
  setPasswordHash (email: string, passwordHash: string): Promise<void>
  setSessionsValidSince (email: string, at: number): Promise<void>
}

export interface LockoutsTable {
  get (email: string): Promise<LockoutRecord | undefined>
  /**
   * Writes `record` only if the row is absent or still at `record.version - 1` (a conditional
   * PutItem); false if another write came first. Every reservation of a password check goes through it.
   */
  save (record: LockoutRecord): Promise<boolean>
}

export interface AccountTables {
  users: UsersTable
  lockouts: LockoutsTable
}

export async function arcAccountTables (): Promise<AccountTables> {
  const data = await arcData()
  const client = data._client
  const users = data.name('users')
  const lockouts = data.name('lockouts')
  const conditional = async (write: Promise<unknown>): Promise<boolean> => {
    try {
      await write
      return true
    }
    catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false
      throw error
    }
  }
  return {
    users: {
      async get (email) {
        const { Item } = await client.GetItem({ TableName: users, Key: { email }, ConsistentRead: true })
        return Item as UserRecord | undefined
      },
      create: user => conditional(client.PutItem({
        TableName: users, Item: { ...user }, ConditionExpression: 'attribute_not_exists(email)',
      })),
      async setPasswordHash (email, passwordHash) {
        await client.UpdateItem({
          TableName: users, Key: { email },
          UpdateExpression: 'SET passwordHash = :hash',
          ExpressionAttributeValues: { ':hash': passwordHash },
        })
      },
      async setSessionsValidSince (email, at) {
        await client.UpdateItem({
          TableName: users, Key: { email },
          UpdateExpression: 'SET sessionsValidSince = :at',
          ExpressionAttributeValues: { ':at': at },
        })
      },
    },
    lockouts: {
      async get (email) {
        const { Item } = await client.GetItem({ TableName: lockouts, Key: { email }, ConsistentRead: true })
        return Item as LockoutRecord | undefined
      },
      save: record => conditional(client.PutItem({
        TableName: lockouts, Item: { ...record },
        ConditionExpression: 'attribute_not_exists(email) OR version = :previous',
        ExpressionAttributeValues: { ':previous': record.version - 1 },
      })),
    },
  }
}

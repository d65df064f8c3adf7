/** Everything this app keeps in a session. Routes read it and return a new one to change it. */
export interface SessionData {
  /** How many times "Count" was pressed in this session. */
  count?: number
}

/** What the stores keep beside the data; routes never see or set these. */
export interface SessionInternals {
  /** DynamoDB: the row's key (the cookie carries it signed). */
  _idx?: string
  /** A per-session random value; the CSRF token is bound to it. */
  _secret?: string
  /** DynamoDB: when the row expires, in epoch seconds (the table's TTL attribute). */
  _ttl?: number
  /** JWE: when the token was sealed, in epoch seconds. */
  iat?: number
}

export type StoredSession = SessionData & SessionInternals

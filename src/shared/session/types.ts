/** Messages shown once, on the next page, then removed from the session. */
export type FlashKey =
  | 'registered'
  | 'signed-in'
  | 'signed-out'
  | 'session-revoked'
  | 'logged-out-everywhere'
  | 'session-expired'
  | 'note-added'
  | 'note-deleted'
  /** Not stored: shown when several `_idx` cookies arrived and were all cleared. */
  | 'cookies-cleared'

/** Everything this app keeps in a session. Routes read it and return a new one to change it. */
export interface SessionData {
  /** How many times "Count" was pressed in this session. */
  count?: number
  /** Set while signed in: the account's normalised email (the sessions table's `byUser` index key). */
  userEmail?: string
  /** When this session signed in (ms): the absolute timeout runs from here. */
  signedInAt?: number
  /** Last request of this signed-in session (ms, refreshed at most once a minute): the idle timeout runs from here. */
  lastSeenAt?: number
  /** The browser and system that signed in, for the list of sessions ("Firefox on Linux"). */
  device?: string
  flash?: FlashKey
  /** Short notes the visitor adds on /notes, to watch the session (and its cookie) grow. */
  notes?: string[]
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
  /** DynamoDB: when this session moved here from a JWE cookie (epoch seconds); see sessions.ts. */
  _moved?: number
  /** DynamoDB: the session ended, but copies of its old JWE cookie may live until this row expires. */
  _ended?: boolean
}

export type StoredSession = SessionData & SessionInternals

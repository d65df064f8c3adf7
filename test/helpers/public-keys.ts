// The keys @architect/functions seals JWE sessions with when ARC_APP_SECRET is unset: printed in
// its own source, so anyone can forge a session with them. The app must never accept one.
export const PUBLIC_FALLBACK_KEYS = {
  A256GCM: '12345678901234567890123456789012',
  A192GCM: '123456789012345678901234',
  A128GCM: '1234567890123456',
} as const

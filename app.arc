@app
arc-sessions

@aws
runtime typescript

@http
get /
post /count
post /destroy
get /notes
post /notes
get /register
post /register
get /login
post /login
post /logout
get /signed-out
get /account
get /account/sessions
post /account/sessions
post /account/logout-everywhere
get /settings
post /settings
# Written with plain arc.http, sharing the session with the rest of the app.
get /plain
post /plain
# Everything else: a 404 page. Static files are served from public/ at /_static/.
any /*

@tables
# @architect/functions writes each session's expiry to `_ttl` (epoch seconds). A TTL on any
# other attribute name (the docs' `ttl TTL`) never matches, and DynamoDB never expires a row.
sessions
  _idx *String
  _ttl TTL

# Accounts, keyed by normalised email.
users
  email *String

# Failed sign-ins per email (brute-force lockout), expired by DynamoDB once they no longer matter.
lockouts
  email *String
  expiresAt TTL

@tables-indexes
# A signed-in session's row carries userEmail: this index lists one account's sessions.
sessions
  userEmail *String
  name byUser

@plugins
architect/plugin-typescript
# Puts the demo account into the sandbox when it is missing, and never overwrites it.
seed-if-absent
  src src/plugins/seed-if-absent.ts

@typescript
# The plugin's default (nodejs20.x) is deprecated by AWS.
base-runtime nodejs22.x
esbuild-config esbuild.config.cjs

@app
arc-sessions

@aws
runtime typescript

@http
get /
post /count
post /destroy
# Everything else: a 404 page. Static files are served from public/ at /_static/.
any /*

@tables
# @architect/functions writes each session's expiry to `_ttl` (epoch seconds). A TTL on any
# other attribute name (the docs' `ttl TTL`) never matches, and DynamoDB never expires a row.
sessions
  _idx *String
  _ttl TTL

@plugins
architect/plugin-typescript

@typescript
# The plugin's default (nodejs20.x) is deprecated by AWS.
base-runtime nodejs22.x
esbuild-config esbuild.config.cjs

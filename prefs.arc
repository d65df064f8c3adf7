# Local preferences. Only the `testing` section of @env feeds `arc sandbox`; staging and
# production get their variables from `npx arc env` (AWS SSM), never from this file.
# (Architect's parser ends a section at a comment, so comments stay above it.)
#
# ARC_APP_SECRET: TESTING ONLY, NOT A SECRET. This value is public in the repository. It keys the
# JWE cookie (its first 32 characters, for A256GCM) and signs DynamoDB session ids in the sandbox.
# Staging and production each need their own, in SSM (see the README's Deploy section):
#   aws ssm put-parameter --type SecureString --overwrite \
#     --name /arc-sessions/production/ARC_APP_SECRET --value "$(openssl rand -base64 32)"
# (`npx arc env` writes the same parameter, but then rewrites this file with every stage's
# decrypted values and without these comments: never commit the result.)
#
# ARC_SESSION_TABLE_NAME: the session store. `jwe` keeps the session in an encrypted cookie;
# `sessions` (the table's name in app.arc) keeps it in DynamoDB. Change it here and the sandbox
# restarts with the new store; sessions carry over (each moves to the new store at its next request).
#
# SESSION_SECRET_FALLBACKS (optional): earlier values of ARC_APP_SECRET, comma-separated, newest
# first, still accepted while sessions move to the new secret (see the README's "Rotate the secret").

@sandbox
# Live reload injects an inline <script> into every page, which this app's
# Content-Security-Policy (no inline scripts) blocks anyway.
livereload false

@env
testing
  ARC_APP_SECRET testing-only-secret-never-use-in-staging-or-production
  ARC_SESSION_TABLE_NAME jwe

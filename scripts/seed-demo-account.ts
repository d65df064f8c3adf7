// Writes sandbox-seed.json: the demo account (src/shared/accounts/demo-account.ts) with a fresh
// scrypt hash of its password, which the sandbox loads into the users table at every start.
// Run: node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/seed-demo-account.ts
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_ACCOUNT } from '../src/shared/accounts/demo-account.ts'
import { hashPassword } from '../src/shared/accounts/passwords.ts'
import { ROOT } from '../test/helpers/project.ts'

const seed = {
  users: [ {
    email: DEMO_ACCOUNT.email,
    passwordHash: await hashPassword(DEMO_ACCOUNT.password),
    createdAt: Date.parse('2026-01-01T00:00:00Z'),
    sessionsValidSince: 0,
  } ],
}
writeFileSync(join(ROOT, 'sandbox-seed.json'), JSON.stringify(seed, null, 2) + '\n')
console.log(`sandbox-seed.json: ${DEMO_ACCOUNT.email}`)

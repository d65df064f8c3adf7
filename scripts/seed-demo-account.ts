// Writes seed-if-absent.json: the demo account (src/shared/accounts/demo-account.ts) with a fresh
// scrypt hash of its password. At every start the sandbox puts it into the users table if the
// account is missing, and leaves an existing one alone (src/plugins/seed-if-absent.ts).
// Run: npm run seed. To reset the demo account of `npm start`, stop it and delete .sandbox-data/.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_ACCOUNT } from '../src/shared/accounts/demo-account.ts'
import { hashPassword } from '../src/shared/accounts/passwords.ts'
import { SEED_FILE } from '../src/plugins/seed-if-absent.ts'
import { ROOT } from '../test/helpers/project.ts'

const seed = {
  users: [ {
    email: DEMO_ACCOUNT.email,
    passwordHash: await hashPassword(DEMO_ACCOUNT.password),
    createdAt: Date.parse('2026-01-01T00:00:00Z'),
    sessionsValidSince: 0,
  } ],
}
writeFileSync(join(ROOT, SEED_FILE), JSON.stringify(seed, null, 2) + '\n')
console.log(`${SEED_FILE}: ${DEMO_ACCOUNT.email}`)

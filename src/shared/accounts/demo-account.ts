// The account `sandbox-seed.json` puts in the sandbox's users table at every start, so a
// walkthrough can sign in at once. Its password is public: the sandbox is its only home.
export const DEMO_ACCOUNT = {
  email: 'demo@example.com',
  password: 'correct horse battery staple',
} as const

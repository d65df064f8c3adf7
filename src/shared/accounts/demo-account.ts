// The account the sandbox puts in its users table when it is missing (seed-if-absent.json), so a
// walkthrough can sign in at once. Its password is public: the sandbox is its only home.
export const DEMO_ACCOUNT = {
  email: 'demo@example.com',
  password: 'correct horse battery staple',
} as const

// Architect's DynamoDB data client, loaded on first use: most requests (JWE sessions, or no
// session cookie) never touch a table, and every Lambda cold start (every sandbox request)
// would pay to evaluate @architect/functions.
export async function arcData () {
  const { default: arc } = await import('@architect/functions')
  return arc.tables()
}

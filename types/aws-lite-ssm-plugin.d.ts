// @aws-lite/ssm ships no types: the plugin is passed to awsLite({ plugins }) as is. The client
// methods it adds are typed in aws-lite-ssm.d.ts.
declare module '@aws-lite/ssm' {
  const plugin: unknown
  export default plugin
}

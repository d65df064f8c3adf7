// Options the TypeScript plugin adds to its esbuild call for each handler.
module.exports = {
  // The Lambda runtime provides the AWS SDK; bundling it breaks the handler ("handler not found").
  external: [ '@aws-sdk/*', 'aws-sdk', '@smithy/*' ],
  target: 'node22',
  // The sandbox starts a new Node process per request and Lambda loads the file on every
  // cold start: a smaller bundle answers sooner. Source maps keep stack traces readable.
  minify: true,
}

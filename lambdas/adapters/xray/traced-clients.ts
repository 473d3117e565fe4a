/**
 * X-Ray tracing of the AWS SDK clients the adapters build. Every adapter wraps a client it creates
 * in `tracedClient`; what that does is decided by whoever runs the adapters: the Lambda wiring
 * (lambdas/shared/runtime.ts) installs the Powertools Tracer's `captureAWSv3Client` at cold start,
 * the CLI and the tests install nothing, so they never load the X-Ray SDK and their clients are
 * untouched.
 */

export type ClientInstrumentation = <Client extends object>(client: Client) => Client;

let instrumentation: ClientInstrumentation = (client) => client;

/** Set once per process, before the first client is built. */
export function instrumentClients(instrument: ClientInstrumentation): void {
  instrumentation = instrument;
}

/** The client, instrumented the way this process asked for (unchanged unless it asked). */
export function tracedClient<Client extends object>(client: Client): Client {
  return instrumentation(client);
}

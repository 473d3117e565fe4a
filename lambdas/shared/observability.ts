/**
 * One Logger, one Metrics and one Tracer per Lambda process, shared by every handler, and the
 * wrapper that gives each invocation its context, cold-start metric and trace. Nothing here reads
 * the configuration, so a function that needs none (the dashboard widget) stays small.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { instrumentClients } from '../adapters/xray/traced-clients';
import { METRIC_NAMESPACE, METRIC_SERVICE } from './metric-catalog';

export const logger = new Logger({ serviceName: METRIC_SERVICE });

/** Lambda's invocation context (the type Powertools takes, from @types/aws-lambda). */
export type LambdaContext = Parameters<Logger['addContext']>[0];

export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });

/** Off outside Lambda (Powertools checks the environment): the CLI and tests trace nothing. */
export const tracer = new Tracer({ serviceName: METRIC_SERVICE });

// Every AWS SDK client an adapter builds in a Lambda process is traced (S3, DynamoDB, SNS,
// Secrets Manager, STS): each call is a subsegment of the invocation's trace.
instrumentClients((client) => tracer.captureAWSv3Client(client));

/**
 * A handler as Lambda calls it, doing what Powertools' middy middlewares would (middy 7 is
 * ESM-only and jest here is CommonJS): the invocation's context on every log line
 * (`injectLambdaContext`), the `ColdStart` metric on a cold start, and a `## handler` subsegment
 * around the work, annotated with the cold start and the service and carrying the error if it
 * throws (`captureLambdaHandler`).
 */
export function lambdaHandler<Event, Result>(
  handle: (event: Event) => Promise<Result>,
): (event: Event, context?: LambdaContext) => Promise<Result> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    metrics.captureColdStartMetric(context?.functionName);
    const segment = tracer.getSegment();
    const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handle(event);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      subsegment?.close();
      if (segment) tracer.setSegment(segment);
    }
  };
}

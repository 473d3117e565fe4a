/**
 * One probe target per invocation (the scan state machine maps over them): load the client
 * certificate from Secrets Manager, shake hands, return the small ProbeResult. Files do not exist
 * in AWS (the stack refuses them at synth); a target that still names one fails loudly here. A
 * client certificate that cannot be loaded is a failed probe (CLIENT_CERT_UNAVAILABLE).
 */
import { ProbeCredentialError, probeEndpoint, unusableCredentialResult } from '../adapters/tls-probe/probe';
import { probeRequestFromTarget, secretCredentialLoader } from '../adapters/tls-probe/target';
import { type ProbeTarget, probeTargetSchema } from '../core/config';
import type { ProbeResult } from '../core/model';
import { lambdaHandler, logger } from '../shared/runtime';

export interface ProbeEvent {
  target: ProbeTarget;
}

async function probe(event: ProbeEvent): Promise<ProbeResult> {
  const target = probeTargetSchema.parse(event.target);
  const spec = target.clientCertificate;
  if ((spec && !('secret' in spec)) || target.caFile) {
    throw new Error(`probe target ${target.host}:${target.port}: only clientCertificate.secret works in AWS`);
  }
  const request = probeRequestFromTarget(target, {
    clientCredential: spec
      ? secretCredentialLoader(spec.secret, { region: process.env.AWS_REGION })
      : undefined,
  });
  let result: ProbeResult;
  try {
    result = await probeEndpoint(request);
  } catch (error) {
    if (!(error instanceof ProbeCredentialError)) throw error;
    // A failed probe, which the probe-failure alarm counts, not a crashed invocation.
    result = unusableCredentialResult(request, error, new Date());
  }
  // Outcome and certificate identities only: never credential material.
  logger.info('probe finished', {
    target: result.target,
    outcome: result.outcome,
    latencyMs: result.latencyMs,
    serverNotAfter: result.serverCertificate?.notAfter,
    clientNotAfter: result.clientCertificate?.notAfter,
  });
  return result;
}

export const handler = lambdaHandler(probe);

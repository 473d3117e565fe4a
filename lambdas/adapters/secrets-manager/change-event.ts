/**
 * Which secret an EventBridge "AWS API Call via CloudTrail" event is about. Pure: the handler
 * decides what to do with it. Only calls that can change a certificate or its metadata count.
 */

/** CloudTrail event names that change a secret's value or its tags. */
export const SECRET_CHANGE_EVENTS = [
  'PutSecretValue',
  'UpdateSecret',
  'TagResource',
  'RotateSecret',
] as const;

export type SecretChange = { secretId: string; eventName: string; region?: string } | { ignored: string };

interface CloudTrailDetail {
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  errorCode?: string;
  requestParameters?: { secretId?: unknown } | null;
  responseElements?: { arn?: unknown } | null;
}

export function secretIdFromEvent(event: unknown): SecretChange {
  const e = (event ?? {}) as { 'detail-type'?: string; region?: string; detail?: CloudTrailDetail };
  if (e['detail-type'] !== 'AWS API Call via CloudTrail') {
    return {
      ignored: `not a CloudTrail API call event (detail-type ${JSON.stringify(e['detail-type'] ?? null)})`,
    };
  }
  const detail = e.detail ?? {};
  if (detail.eventSource !== 'secretsmanager.amazonaws.com') {
    return {
      ignored: `not a Secrets Manager call (eventSource ${JSON.stringify(detail.eventSource ?? null)})`,
    };
  }
  const eventName = detail.eventName ?? '';
  if (!(SECRET_CHANGE_EVENTS as readonly string[]).includes(eventName)) {
    return { ignored: `${eventName || 'an unnamed call'} does not change a certificate` };
  }
  // A call that failed changed nothing.
  if (detail.errorCode) return { ignored: `${eventName} failed with ${detail.errorCode}` };
  // The response's ARN is unambiguous; the request's secretId may be a name or a partial ARN.
  const arn = detail.responseElements?.arn;
  const requested = detail.requestParameters?.secretId;
  const secretId =
    typeof arn === 'string' && arn ? arn : typeof requested === 'string' && requested ? requested : '';
  if (!secretId) return { ignored: `${eventName} event names no secret` };
  return { secretId, eventName, region: detail.awsRegion ?? e.region };
}

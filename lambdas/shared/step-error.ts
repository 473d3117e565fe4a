/**
 * What the scan state machine caught, in words. A Catch keeps the whole error output as a string
 * (`States.JsonToString($.error)`, lib/scan-state-machine.ts): `{"Error": ..., "Cause": ...}`,
 * where a Lambda's Cause is itself JSON (`errorType`, `errorMessage`, `trace`). The message is
 * what ops needs ("ProbeCredentialError: secret x could not be read"), not just the error's name.
 */

/** Longer causes are cut: a report line, not a stack trace. */
const MAX_LENGTH = 500;

export function describeStepError(caught: string | undefined): string {
  if (caught === undefined || caught === '') return 'failed without an error description';
  const output = parseObject(caught);
  if (!output) return clip(caught);
  const name = typeof output.Error === 'string' ? output.Error : 'Error';
  const cause = typeof output.Cause === 'string' ? output.Cause : '';
  const lambda = parseObject(cause);
  if (lambda && typeof lambda.errorMessage === 'string') {
    const type = typeof lambda.errorType === 'string' ? lambda.errorType : name;
    return clip(`${type}: ${lambda.errorMessage}`);
  }
  return clip(cause ? `${name}: ${cause}` : name);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function clip(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

import { describeStepError } from '../../lambdas/shared/step-error';

/** What `States.JsonToString($.error)` gives for a Lambda that threw. */
const lambdaError = (errorType: string, errorMessage: string) =>
  JSON.stringify({
    Error: errorType,
    Cause: JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at x'] }),
  });

test('a Lambda error keeps its type and message, not the trace', () => {
  expect(
    describeStepError(
      lambdaError('ProbeCredentialError', 'secret partners/x could not be read: AccessDenied'),
    ),
  ).toBe('ProbeCredentialError: secret partners/x could not be read: AccessDenied');
});

test('a service error keeps its cause as text', () => {
  expect(
    describeStepError(JSON.stringify({ Error: 'States.Timeout', Cause: 'Task timed out after 60 seconds' })),
  ).toBe('States.Timeout: Task timed out after 60 seconds');
});

test('an error output without a cause is its name', () => {
  expect(describeStepError(JSON.stringify({ Error: 'Lambda.Unknown' }))).toBe('Lambda.Unknown');
  expect(describeStepError(JSON.stringify({ Error: 'SlowDown', Cause: '' }))).toBe('SlowDown');
});

test('text that is not an error output stands as it is; nothing is an explicit gap', () => {
  expect(describeStepError('States.Timeout')).toBe('States.Timeout');
  expect(describeStepError(undefined)).toBe('failed without an error description');
});

test('a long cause is cut to a report line', () => {
  const described = describeStepError(lambdaError('Error', 'x'.repeat(5_000)));
  expect(described.length).toBeLessThanOrEqual(500);
  expect(described.startsWith('Error: xxx')).toBe(true);
});

import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { secretIdFromEvent } from '../../../lambdas/adapters/secrets-manager/change-event';
import { handleSecretChange } from '../../../lambdas/secret-change/handler';

process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:partner/erp-AbCdEf';
const event = (eventName: string, detail: Record<string, unknown> = {}) => ({
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.secretsmanager',
  region: 'eu-west-1',
  detail: { eventSource: 'secretsmanager.amazonaws.com', eventName, awsRegion: 'eu-west-1', ...detail },
});

describe('secretIdFromEvent', () => {
  it.each(['PutSecretValue', 'UpdateSecret', 'RotateSecret'])('prefers the response ARN of %s', (name) => {
    expect(
      secretIdFromEvent(
        event(name, { requestParameters: { secretId: 'partner/erp' }, responseElements: { arn: ARN } }),
      ),
    ).toEqual({
      secretId: ARN,
      eventName: name,
      region: 'eu-west-1',
    });
  });

  it('takes requestParameters.secretId when there is no response (TagResource)', () => {
    expect(
      secretIdFromEvent(
        event('TagResource', { requestParameters: { secretId: 'partner/erp' }, responseElements: null }),
      ),
    ).toEqual({
      secretId: 'partner/erp',
      eventName: 'TagResource',
      region: 'eu-west-1',
    });
  });

  it.each([
    [{ 'detail-type': 'Scheduled Event' }, /not a CloudTrail API call/],
    [
      {
        'detail-type': 'AWS API Call via CloudTrail',
        detail: { eventSource: 's3.amazonaws.com', eventName: 'PutObject' },
      },
      /not a Secrets Manager call/,
    ],
    [
      event('GetSecretValue', { requestParameters: { secretId: 'x' } }),
      /GetSecretValue does not change a certificate/,
    ],
    [event('DeleteSecret', { requestParameters: { secretId: 'x' } }), /DeleteSecret does not change/],
    [
      event('PutSecretValue', { errorCode: 'AccessDenied', requestParameters: { secretId: 'x' } }),
      /failed with AccessDenied/,
    ],
    [event('UpdateSecret', { requestParameters: {} }), /names no secret/],
    [undefined, /not a CloudTrail API call/],
  ])('ignores %j with a reason', (input, reason) => {
    const result = secretIdFromEvent(input);
    expect('ignored' in result && result.ignored).toMatch(reason);
  });
});

describe('handleSecretChange', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => sm.reset());

  it('logs why it ignores an event and reads nothing', async () => {
    const log = jest.fn();
    const onInventory = jest.fn();
    const outcome = await handleSecretChange(
      event('GetSecretValue', { requestParameters: { secretId: 'x' } }),
      {
        client: new SecretsManagerClient({ region: 'eu-west-1' }),
        onInventory,
        log,
      },
    );
    expect(outcome.status).toBe('ignored');
    expect(log).toHaveBeenCalledWith('secret change event ignored', {
      reason: 'GetSecretValue does not change a certificate',
    });
    expect(sm.calls()).toHaveLength(0);
    expect(onInventory).not.toHaveBeenCalled();
  });

  it('ignores a secret scheduled for deletion', async () => {
    sm.on(DescribeSecretCommand).resolves({
      ARN,
      Name: 'partner/erp',
      DeletedDate: new Date('2026-11-20T00:00:00Z'),
    });
    const onInventory = jest.fn();
    const outcome = await handleSecretChange(
      event('UpdateSecret', { requestParameters: { secretId: ARN } }),
      {
        client: new SecretsManagerClient({ region: 'eu-west-1' }),
        onInventory,
      },
    );
    expect(outcome).toEqual({ status: 'ignored', reason: 'the secret is scheduled for deletion' });
    expect(onInventory).not.toHaveBeenCalled();
  });

  it('honours the selector regions', async () => {
    sm.on(DescribeSecretCommand).resolves({ ARN, Name: 'partner/erp', Tags: [{ Key: 'k', Value: 'v' }] });
    const outcome = await handleSecretChange(
      event('UpdateSecret', { requestParameters: { secretId: ARN } }),
      {
        client: new SecretsManagerClient({ region: 'eu-west-1' }),
        onInventory: jest.fn(),
        selectors: [{ tag: { key: 'k', value: 'v' }, regions: ['us-east-1'] }],
      },
    );
    expect(outcome).toEqual({ status: 'ignored', reason: 'the secret matches no selector' });
  });
});

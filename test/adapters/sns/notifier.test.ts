import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { publishInput, regionOfTopic, SnsNotifier } from '../../../lambdas/adapters/sns/notifier';
import { renderAlert } from '../../../lambdas/core/alerts/messages';
import type { Alert } from '../../../lambdas/core/alerts/model';
import { certificateKey } from '../../../lambdas/core/alerts/state';
import { inTier, report } from '../../core/alerts/fixtures';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:cert-sentinel-alerts';
const certificate = inTier('critical');
const alert: Alert = {
  type: 'tier',
  severity: 'critical',
  key: certificateKey(certificate),
  certificate,
  previousTier: 'warning',
  repeat: false,
};
const rendered = renderAlert(alert, report({ certificates: [certificate] }));
// Dummy values for the local endpoint; no real credential exists in this test.
const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-only' };

describe('SnsNotifier with a mocked client', () => {
  // Mocks every SNSClient until restored: the real-HTTP tests below need the genuine one.
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  afterAll(() => sns.restore());

  it('publishes per-protocol JSON with the severity as a String attribute', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await new SnsNotifier({ topicArn: TOPIC, client: new SNSClient({ region: 'eu-west-1' }) }).publish(
      rendered,
    );
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input).toMatchObject({ TopicArn: TOPIC, MessageStructure: 'json', Subject: rendered.subject });
    expect(JSON.parse(input.Message!)).toEqual({
      default: rendered.messages.default,
      email: rendered.messages.email,
      sms: rendered.messages.sms,
    });
    expect(input.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      org: { DataType: 'String', StringValue: 'acme-prod' },
      certificate: { DataType: 'String', StringValue: certificate.id },
      owners: { DataType: 'String.Array', StringValue: '["sf-admins@acme.example","pki@partner.example"]' },
    });
  });

  it('on a chat topic publishes the chat body alone (no MessageStructure), attributes kept', () => {
    const input = publishInput(TOPIC, rendered, 'chat');
    expect(input.MessageStructure).toBeUndefined();
    expect(input.Subject).toBeUndefined();
    expect(JSON.parse(input.Message!)).toMatchObject({ version: '1.0', source: 'custom' });
    expect(input.MessageAttributes?.severity).toEqual({ DataType: 'String', StringValue: 'critical' });
  });

  it('lets a rejected publish fail (so the alert is retried)', async () => {
    sns.on(PublishCommand).rejects(new Error('AuthorizationError'));
    await expect(
      new SnsNotifier({ topicArn: TOPIC, client: new SNSClient({ region: 'eu-west-1' }) }).publish(rendered),
    ).rejects.toThrow('AuthorizationError');
  });

  it('publishInput leaves out attributes that are absent', () => {
    const input = publishInput(TOPIC, { ...rendered, attributes: { severity: 'digest' } });
    expect(Object.keys(input.MessageAttributes!)).toEqual(['severity']);
    expect(regionOfTopic(TOPIC)).toBe('eu-west-1');
  });
});

/** A local SNS endpoint speaking the AWS query protocol (what @aws-sdk/client-sns 3.x uses). */
describe('SnsNotifier with the real SNSClient over HTTP on 127.0.0.1', () => {
  let server: Server;
  let endpoint: string;
  const requests: Array<{ headers: IncomingMessage['headers']; form: URLSearchParams }> = [];
  let fail = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        requests.push({ headers: req.headers, form: new URLSearchParams(body) });
        res.setHeader('content-type', 'text/xml');
        if (fail) {
          res.statusCode = 403;
          res.end(
            '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not allowed</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
          );
          return;
        }
        res.end(
          '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>local-message-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    requests.length = 0;
    fail = false;
  });

  it('sends Action=Publish with MessageStructure json and the severity attribute, form-encoded', async () => {
    const client = new SNSClient({ region: 'eu-west-1', endpoint, credentials });
    await new SnsNotifier({ topicArn: TOPIC, client }).publish(rendered);
    expect(requests).toHaveLength(1);
    const { headers, form } = requests[0];
    expect(headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('TopicArn')).toBe(TOPIC);
    expect(form.get('MessageStructure')).toBe('json');
    expect(form.get('Subject')).toBe(rendered.subject);
    expect(JSON.parse(form.get('Message')!).sms).toBe(rendered.messages.sms);
    const attributes = new Map<string, [string | null, string | null]>();
    for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i += 1) {
      attributes.set(form.get(`MessageAttributes.entry.${i}.Name`)!, [
        form.get(`MessageAttributes.entry.${i}.Value.DataType`),
        form.get(`MessageAttributes.entry.${i}.Value.StringValue`),
      ]);
    }
    expect(attributes.get('severity')).toEqual(['String', 'critical']);
    // Owner subscriptions filter on this: a String.Array matches when any element does.
    expect(attributes.get('owners')).toEqual([
      'String.Array',
      '["sf-admins@acme.example","pki@partner.example"]',
    ]);
    client.destroy();
  });

  it('on a chat topic sends the custom notification as the whole message, no MessageStructure', async () => {
    const client = new SNSClient({ region: 'eu-west-1', endpoint, credentials });
    await new SnsNotifier({ topicArn: TOPIC, client, channel: 'chat' }).publish(rendered);
    const { form } = requests[0];
    expect(form.get('MessageStructure')).toBeNull();
    expect(form.get('Message')).toBe(rendered.messages.chat);
    expect(JSON.parse(form.get('Message')!)).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title: ':red_circle: CRITICAL: ERP_Client (acme-prod) expires in 4 days',
      },
      metadata: { threadId: certificateKey(certificate) },
    });
    client.destroy();
  });

  it('surfaces an SNS error response as a rejected publish', async () => {
    fail = true;
    const client = new SNSClient({ region: 'eu-west-1', endpoint, credentials, maxAttempts: 1 });
    await expect(new SnsNotifier({ topicArn: TOPIC, client }).publish(rendered)).rejects.toMatchObject({
      name: 'AuthorizationErrorException',
    });
    client.destroy();
  });

  it('honours AWS_ENDPOINT_URL_SNS when no endpoint is given', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_SNS;
    process.env.AWS_ENDPOINT_URL_SNS = endpoint;
    try {
      const client = new SNSClient({ region: 'eu-west-1', credentials });
      await new SnsNotifier({ topicArn: TOPIC, client }).publish(rendered);
      expect(requests.map((r) => r.form.get('Action'))).toEqual(['Publish']);
      client.destroy();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SNS;
      else process.env.AWS_ENDPOINT_URL_SNS = saved;
    }
  });
});

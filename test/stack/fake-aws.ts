/**
 * A tiny stand-in for the AWS APIs the bundles call, on 127.0.0.1 only: S3 objects (path style),
 * DynamoDB and Secrets Manager (JSON protocol) and SNS Publish (query protocol). The bundles reach
 * it through AWS_ENDPOINT_URL, which every SDK v3 client honours. It records each call.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KEEP_ALIVE_MS } from '../helpers/keep-alive';

export interface FakeSecret {
  name: string;
  value: string;
  tags?: Record<string, string>;
}

export interface Call {
  service: 's3' | 'dynamodb' | 'secretsmanager' | 'sns';
  operation: string;
  target?: string;
}

export class FakeAws {
  readonly objects = new Map<string, string>();
  readonly secrets = new Map<string, FakeSecret>();
  readonly calls: Call[] = [];
  readonly published: Array<Record<string, string>> = [];
  /** S3 keys whose PutObject is refused with 403 AccessDenied (not retried by the SDK). */
  readonly deniedKeys = new Set<string>();
  /** S3 keys whose PutObject is answered only after this many milliseconds. */
  readonly slowKeys = new Map<string, number>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    // Idle keep-alive sockets stay open for the whole test (see fake-secrets-manager.ts).
    this.server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answer = () => {
          const { status, body, type } = this.route(req, Buffer.concat(chunks).toString('utf8'));
          res.writeHead(status, { 'content-type': type, 'x-amzn-requestid': 'local' });
          res.end(body);
        };
        const delay = req.method === 'PUT' ? this.slowKeys.get(this.s3Key(req.url)) : undefined;
        if (delay === undefined) answer();
        else setTimeout(answer, delay);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private route(req: IncomingMessage, body: string): { status: number; body: string; type: string } {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target.startsWith('DynamoDB_')) return this.dynamodb(target.split('.')[1]);
    if (target.startsWith('secretsmanager.'))
      return this.secretsManager(target.split('.')[1], JSON.parse(body || '{}'));
    if (req.method === 'POST' && body.includes('Action=Publish')) return this.sns(body);
    return this.s3(req.method ?? 'GET', this.s3Key(req.url), body);
  }

  /** Path style: /<bucket>/<key>. */
  private s3Key(url: string | undefined): string {
    return decodeURIComponent((url ?? '/').split('?')[0])
      .split('/')
      .slice(2)
      .join('/');
  }

  private s3(method: string, key: string, body: string) {
    this.calls.push({ service: 's3', operation: method === 'PUT' ? 'PutObject' : 'GetObject', target: key });
    if (method === 'PUT' && this.deniedKeys.has(key)) {
      return {
        status: 403,
        body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        type: 'application/xml',
      };
    }
    if (method === 'PUT') {
      this.objects.set(key, body);
      return { status: 200, body: '', type: 'application/xml' };
    }
    const stored = this.objects.get(key);
    if (stored === undefined) {
      return {
        status: 404,
        body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>',
        type: 'application/xml',
      };
    }
    return { status: 200, body: stored, type: 'application/json' };
  }

  private dynamodb(operation: string) {
    this.calls.push({ service: 'dynamodb', operation });
    // Scan finds an empty table; the conditional PutItem/DeleteItem of a save always succeed.
    const answer = operation === 'Scan' ? { Items: [], Count: 0, ScannedCount: 0 } : {};
    return { status: 200, body: JSON.stringify(answer), type: 'application/x-amz-json-1.0' };
  }

  private secretsManager(operation: string, input: { SecretId?: string; SecretIdList?: string[] }) {
    this.calls.push({ service: 'secretsmanager', operation, target: input.SecretId });
    const json = (value: unknown, status = 200) => ({
      status,
      body: JSON.stringify(value),
      type: 'application/x-amz-json-1.1',
    });
    const arn = (s: FakeSecret) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${s.name}-AbCdEf`;
    const tags = (s: FakeSecret) => Object.entries(s.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    const find = (id: string | undefined) =>
      [...this.secrets.values()].find((s) => s.name === id || arn(s) === id);
    const notFound = {
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    };
    switch (operation) {
      case 'ListSecrets':
        return json({
          SecretList: [...this.secrets.values()].map((s) => ({ Name: s.name, ARN: arn(s), Tags: tags(s) })),
        });
      case 'DescribeSecret': {
        const secret = find(input.SecretId);
        return secret
          ? json({ Name: secret.name, ARN: arn(secret), Tags: tags(secret) })
          : json(notFound, 400);
      }
      case 'GetSecretValue': {
        const secret = find(input.SecretId);
        return secret
          ? json({ Name: secret.name, ARN: arn(secret), SecretString: secret.value })
          : json(notFound, 400);
      }
      case 'BatchGetSecretValue': {
        const ids = (input.SecretIdList ?? []) as string[];
        const found = ids.map(find).filter((s): s is FakeSecret => s !== undefined);
        return json({
          SecretValues: found.map((s) => ({ Name: s.name, ARN: arn(s), SecretString: s.value })),
          Errors: ids
            .filter((id) => !find(id))
            .map((id) => ({ SecretId: id, ErrorCode: 'ResourceNotFoundException', Message: 'missing' })),
        });
      }
      default:
        return json({ __type: 'InvalidRequestException', message: `fake has no ${operation}` }, 400);
    }
  }

  private sns(body: string) {
    const params = Object.fromEntries(new URLSearchParams(body));
    this.calls.push({ service: 'sns', operation: 'Publish', target: params.TopicArn });
    this.published.push(params);
    return {
      status: 200,
      body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>local-1</MessageId></PublishResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></PublishResponse>',
      type: 'text/xml',
    };
  }
}

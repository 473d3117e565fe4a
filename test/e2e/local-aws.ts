/**
 * The AWS services the deployed stack talks to, on 127.0.0.1 and real protocols: dynalite
 * (DynamoDB on LevelDB in memory), s3rver (S3 on a temporary folder), the project's fake Secrets
 * Manager and the SNS Publish endpoint of test/stack/fake-aws.ts. A service can be taken down: its
 * endpoint then answers every request as that service does in an outage (503 SlowDown for S3, 500
 * InternalServiceError for Secrets Manager), after the SDK's own retries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import {
  type FakeSecret,
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../helpers/fake-secrets-manager';
import { FakeAws } from '../stack/fake-aws';
import { REGION } from './deployed-stack';

export type Service = 's3' | 'secretsManager';

// s3rver accepts its own default key pair only; dynalite and the fakes accept any.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Outage answers, as each service sends them. */
const OUTAGE: Record<Service, { status: number; type: string; body: string }> = {
  s3: {
    status: 503,
    type: 'application/xml',
    body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>E2E</RequestId></Error>',
  },
  secretsManager: {
    status: 500,
    type: 'application/x-amz-json-1.1',
    body: JSON.stringify({
      __type: 'InternalServiceError',
      message: 'An error occurred on the server side.',
    }),
  },
};

export class LocalAws {
  /** Partner and credential secrets; the fake reads this array on every request. */
  readonly secrets: FakeSecret[] = [];
  readonly sns = new FakeAws();
  private secretsManager: FakeSecretsManager | undefined;
  private dynamo: ReturnType<typeof dynalite> | undefined;
  private s3: S3rver | undefined;
  private s3Dir = '';
  private urls = { dynamodb: '', s3: '' };
  private outages = new Map<Service, { server: Server; url: string }>();
  private readonly down = new Set<Service>();

  constructor(
    private readonly bucket: string,
    private readonly table: string,
  ) {}

  async start(): Promise<void> {
    this.dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => this.dynamo?.listen(0, '127.0.0.1', () => resolve()));
    this.urls.dynamodb = `http://127.0.0.1:${(this.dynamo.address() as AddressInfo).port}`;
    this.s3Dir = mkdtempSync(path.join(tmpdir(), 'sentinel-e2e-s3-'));
    this.s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: this.s3Dir,
      configureBuckets: [{ name: this.bucket, configs: [] }],
    });
    const { port } = (await this.s3.run()) as AddressInfo;
    this.urls.s3 = `http://127.0.0.1:${port}`;
    this.secretsManager = await startFakeSecretsManager(this.secrets, { region: REGION });
    await this.sns.start();
    for (const service of Object.keys(OUTAGE) as Service[])
      this.outages.set(service, await outageServer(service));
    await this.createTable();
  }

  /** A fresh account: empty table and bucket, no messages, no secrets, every service up. */
  async reset(): Promise<void> {
    await this.dynamoClient().send(new DeleteTableCommand({ TableName: this.table }));
    await this.createTable();
    const s3 = this.s3Client();
    for (const key of await this.objectKeys())
      await s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    this.sns.published.length = 0;
    this.secrets.length = 0;
    this.down.clear();
  }

  private async createTable(): Promise<void> {
    await this.dynamoClient().send(
      new CreateTableCommand({
        TableName: this.table,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.s3?.close(),
      new Promise<void>((resolve) => (this.dynamo ? this.dynamo.close(() => resolve()) : resolve())),
      this.secretsManager?.close(),
      this.sns.stop(),
      ...[...this.outages.values()].map(
        (o) => new Promise<void>((resolve) => o.server.close(() => resolve())),
      ),
    ]);
    if (this.s3Dir) rmSync(this.s3Dir, { recursive: true, force: true });
  }

  /** Takes a service down (or brings it back) for environments started from now on. */
  setDown(service: Service, down: boolean): void {
    if (down) this.down.add(service);
    else this.down.delete(service);
  }

  /** Variables that point a function's SDK clients at the local services (AWS_ENDPOINT_URL_<SERVICE>). */
  environment(): Record<string, string> {
    const url = (service: Service, normal: string) =>
      this.down.has(service) ? (this.outages.get(service)?.url ?? normal) : normal;
    return {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: this.urls.dynamodb,
      AWS_ENDPOINT_URL_S3: url('s3', this.urls.s3),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: url('secretsManager', this.secretsManager?.url ?? ''),
      AWS_ENDPOINT_URL_SNS: this.sns.url,
      // s3rver computes no CRC checksums.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    };
  }

  /** The ARN the fake Secrets Manager gives a secret. */
  secretArn(name: string): string {
    return this.secretsManager!.arnOf(name);
  }

  get snsUrl(): string {
    return this.sns.url;
  }

  get credentials() {
    return CREDENTIALS;
  }

  dynamoClient(): DynamoDBClient {
    return new DynamoDBClient({ region: REGION, endpoint: this.urls.dynamodb, credentials: CREDENTIALS });
  }

  s3Client(): S3Client {
    return new S3Client({
      region: REGION,
      endpoint: this.urls.s3,
      credentials: CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** The alert state table's items, plain objects. */
  async alertState(): Promise<Array<Record<string, unknown>>> {
    const { Items = [] } = await this.dynamoClient().send(new ScanCommand({ TableName: this.table }));
    return Items.map((item) => unmarshall(item));
  }

  async objectKeys(prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3Client().send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    return keys.sort();
  }

  async objectJson<T>(key: string): Promise<T> {
    const object = await this.s3Client().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return JSON.parse(await object.Body!.transformToString('utf8')) as T;
  }
}

async function outageServer(service: Service): Promise<{ server: Server; url: string }> {
  const answer = OUTAGE[service];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': answer.type, 'x-amzn-requestid': 'e2e-outage' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * A Secrets Manager stand-in on 127.0.0.1 that speaks the service's JSON protocol
 * (POST /, X-Amz-Target: secretsmanager.<Operation>, application/x-amz-json-1.1), so tests can
 * run the real SecretsManagerClient over HTTP. It implements only what the collector calls.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KEEP_ALIVE_MS } from './keep-alive';

export interface FakeSecret {
  name: string;
  secretString?: string;
  secretBinary?: Buffer;
  tags?: Record<string, string>;
  /** Reading the value is refused with AccessDeniedException (per-secret Errors[] in a batch). */
  denied?: boolean;
}

export interface FakeRequest {
  target: string;
  body: Record<string, unknown>;
  authorization: string;
}

export interface FakeSecretsManager {
  url: string;
  requests: FakeRequest[];
  count(operation: string): number;
  arnOf(name: string): string;
  close(): Promise<void>;
}

const ACCOUNT = '111122223333';

export async function startFakeSecretsManager(
  secrets: FakeSecret[],
  options: { region?: string; pageSize?: number } = {},
): Promise<FakeSecretsManager> {
  const region = options.region ?? 'eu-west-1';
  const arnOf = (name: string) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-AbCdEf`;
  const byId = (id: string) => secrets.find((s) => s.name === id || arnOf(s.name) === id);
  const requests: FakeRequest[] = [];

  const operations: Record<string, (body: Record<string, unknown>) => [number, unknown]> = {
    ListSecrets(body) {
      const filters = (body.Filters as Array<{ Key: string; Values: string[] }> | undefined) ?? [];
      const matches = (s: FakeSecret) =>
        filters.every((f) =>
          f.Values.some((v) => {
            const tags = Object.entries(s.tags ?? {});
            if (f.Key === 'name') return s.name.startsWith(v);
            if (f.Key === 'tag-key') return tags.some(([k]) => k.startsWith(v));
            if (f.Key === 'tag-value') return tags.some(([, value]) => value.startsWith(v));
            return false;
          }),
        );
      const selected = secrets.filter(matches);
      const size = Math.min(Number(body.MaxResults ?? 100), options.pageSize ?? 100);
      const start = Number(body.NextToken ?? 0);
      const page = selected.slice(start, start + size);
      return [
        200,
        {
          SecretList: page.map((s) => ({
            ARN: arnOf(s.name),
            Name: s.name,
            Tags: Object.entries(s.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
          })),
          NextToken: start + size < selected.length ? String(start + size) : undefined,
        },
      ];
    },
    BatchGetSecretValue(body) {
      const ids = (body.SecretIdList as string[] | undefined) ?? [];
      if (ids.length > 20) return [400, { __type: 'InvalidParameterException', message: 'too many ids' }];
      const values: unknown[] = [];
      const errors: unknown[] = [];
      for (const id of ids) {
        const s = byId(id);
        if (!s) errors.push({ SecretId: id, ErrorCode: 'ResourceNotFoundException', Message: 'not found' });
        else if (s.denied)
          errors.push({ SecretId: id, ErrorCode: 'AccessDeniedException', Message: 'denied' });
        else values.push(secretValue(s));
      }
      return [200, { SecretValues: values, Errors: errors }];
    },
    GetSecretValue(body) {
      const s = byId(String(body.SecretId));
      if (!s)
        return [
          400,
          {
            __type: 'ResourceNotFoundException',
            message: 'Secrets Manager can’t find the specified secret.',
          },
        ];
      if (s.denied) return [400, { __type: 'AccessDeniedException', message: 'not authorized' }];
      return [200, secretValue(s)];
    },
    DescribeSecret(body) {
      const s = byId(String(body.SecretId));
      if (!s) return [400, { __type: 'ResourceNotFoundException', message: 'not found' }];
      return [
        200,
        {
          ARN: arnOf(s.name),
          Name: s.name,
          Tags: Object.entries(s.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        },
      ];
    },
  };

  function secretValue(s: FakeSecret) {
    return {
      ARN: arnOf(s.name),
      Name: s.name,
      VersionId: 'v1',
      SecretString: s.secretString,
      SecretBinary: s.secretBinary?.toString('base64'),
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_790_000_000,
    };
  }

  // Idle keep-alive sockets stay open for the whole test: a client reusing one the server just
  // closed sees ECONNRESET and retries, which skews request counts on a busy machine.
  const server: Server = createServer(
    { keepAliveTimeout: KEEP_ALIVE_MS },
    (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        requests.push({ target, body, authorization: String(req.headers.authorization ?? '') });
        const operation = operations[target.replace(/^secretsmanager\./, '')];
        const [status, payload] =
          target.startsWith('secretsmanager.') && operation
            ? operation(body)
            : [400, { __type: 'UnknownOperationException', message: target }];
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (operation) => requests.filter((r) => r.target === `secretsmanager.${operation}`).length,
    arnOf,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

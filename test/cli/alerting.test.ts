import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertFlags, deliverAlertsFromCli } from '../../bin/cli/alerting';
import { type CliIo, parseFlags, UsageError } from '../../bin/cli/command';
import { inTier, NOW, report, source } from '../core/alerts/fixtures';

function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty: false, env, cwd: '/' };
}

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:cert-sentinel-alerts';
const scan = report({
  certificates: [inTier('critical')],
  sources: [
    source(),
    source({ name: 'secrets:eu-west-1', kind: 'secrets-manager', status: 'failed', error: 'AccessDenied' }),
  ],
});
const flags = (argv: string[]) => parseFlags(argv, alertFlags).values;

describe('deliverAlertsFromCli', () => {
  it('does nothing without alert flags', async () => {
    const io = captureIo();
    expect(await deliverAlertsFromCli(flags([]), scan, undefined, io, NOW)).toBeUndefined();
    expect(io.out).toEqual([]);
  });

  it('prints the snoozes after the alert summary: who, why, until when', async () => {
    const io = captureIo();
    const snoozes = [
      { certificate: 'ERP_Client', until: '2026-11-30', reason: 'rotation booked', by: 'ana' },
    ];
    await deliverAlertsFromCli(flags(['--dry-run-alerts']), scan, undefined, io, NOW, snoozes);
    expect(io.err.join('')).toContain('  snoozed: ERP_Client until 2026-11-30, by ana: rotation booked');
  });

  it('--dry-run-alerts prints every alert to stdout and publishes nothing', async () => {
    const io = captureIo();
    const summary = await deliverAlertsFromCli(flags(['--dry-run-alerts']), scan, undefined, io, NOW);
    // critical, monitor failure, team digest, and one owner digest for each of the two owners.
    expect(summary).toMatchObject({ planned: 5, published: 5, failed: 0 });
    const printed = io.out.join('');
    expect(printed).toContain('=== would publish to the alerts topic [severity=critical org=acme-prod');
    expect(printed).toContain('Subject: [Cert Sentinel] CRITICAL: ERP_Client (acme-prod) expires in 4 days');
    expect(printed).toContain('[severity=monitor-failure]');
    expect(printed).toContain('[severity=digest]');
    expect(io.err.join('')).toContain('Alerts: 5 planned, 5 would publish, 0 failed.');
  });

  it.each([
    [['--sns-topic-arn', 'not-an-arn'], /--sns-topic-arn must be an SNS topic ARN/],
    [['--state-table', 'alerts'], /need --sns-topic-arn, --webhook-url-env or --dry-run-alerts/],
    [['--dry-run-alerts', '--state-table', 'x'], /--state-table must be a DynamoDB table name/],
  ])('%j is a usage error', async (argv, message) => {
    await expect(deliverAlertsFromCli(flags(argv), scan, undefined, captureIo(), NOW)).rejects.toThrow(
      UsageError,
    );
    await expect(deliverAlertsFromCli(flags(argv), scan, undefined, captureIo(), NOW)).rejects.toThrow(
      message,
    );
  });

  describe('publishing to a local SNS endpoint', () => {
    let server: Server;
    const actions: Array<{ topic: string | null; severity: string | null }> = [];
    const saved: Record<string, string | undefined> = {};
    const env = {
      AWS_ENDPOINT_URL_SNS: '',
      // Dummy values for the local endpoint only.
      AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
      AWS_SECRET_ACCESS_KEY: 'local-test-only',
    };

    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          const form = new URLSearchParams(body);
          actions.push({
            topic: form.get('TopicArn'),
            severity: form.get('MessageAttributes.entry.1.Value.StringValue'),
          });
          res.setHeader('content-type', 'text/xml');
          res.end(
            '<PublishResponse><PublishResult><MessageId>m</MessageId></PublishResult></PublishResponse>',
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      env.AWS_ENDPOINT_URL_SNS = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const [k, v] of Object.entries(env)) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
    });

    afterAll(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('sends tier alerts to the topic and monitor failures to the ops topic', async () => {
      const ops = 'arn:aws:sns:eu-west-1:123456789012:cert-sentinel-ops';
      const io = captureIo(process.env);
      const summary = await deliverAlertsFromCli(
        flags(['--sns-topic-arn', TOPIC, '--ops-topic-arn', ops]),
        scan,
        undefined,
        io,
        NOW,
      );
      expect(summary).toMatchObject({ planned: 5, published: 5, failed: 0 });
      expect(actions.filter((a) => a.topic === ops)).toEqual([{ topic: ops, severity: 'monitor-failure' }]);
      expect(actions.filter((a) => a.topic === TOPIC).map((a) => a.severity)).toEqual([
        'critical',
        'digest',
        'owner-digest',
        'owner-digest',
      ]);
      expect(io.out).toEqual([]);
    });
  });
});

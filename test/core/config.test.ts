import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '../../lambdas/core/config';
import { configJsonSchema } from '../../lambdas/core/config-json-schema';

const problemsOf = (value: unknown): string[] => {
  try {
    parseConfig(value, 'test.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  it('accepts the committed example', () => {
    const example = JSON.parse(readFileSync(join(__dirname, '../../config/example.json'), 'utf8'));
    expect(parseConfig(example).orgs?.map((o) => o.name)).toEqual(['acme-prod', 'acme-uat']);
  });

  it('fills defaults a user may leave out', () => {
    expect(parseConfig({ probes: [{ host: 'partner.example' }] }).probes?.[0]).toEqual({
      host: 'partner.example',
      port: 8443,
      timeoutMs: 10000,
    });
  });

  it.each([
    [{ orgs: [{ name: 'has space', auth: { type: 'session' } }] }, 'orgs.0.name: must be 1-64 letters'],
    [{ orgs: [{ name: 'a', auth: { type: 'jwt', clientId: 'x' } }] }, 'orgs.0.auth.username'],
    [{ orgs: [{ name: 'a', auth: { type: 'password' } }] }, 'orgs.0.auth.type'],
    [{ secrets: [{ regions: ['eu-west-1'] }] }, 'secrets.0: needs a tag, a prefix or both'],
    [
      { secrets: [{ prefix: 'p', roleArn: 'arn:aws:iam::1:role/x' }] },
      'secrets.0.roleArn: must be an IAM role ARN',
    ],
    [{ alerts: { sms: ['0123'] } }, 'alerts.sms.0: must be an E.164 phone number'],
    [{ alerts: { email: ['not-an-address'] } }, 'alerts.email.0'],
    [{ policy: { horizon: '31/12/2030' } }, 'policy.horizon: must be a real date written YYYY-MM-DD'],
    // A day that does not exist would otherwise roll over (02-30 to 03-02) or never apply (month 13).
    [
      { policy: { schedule: [{ from: '2026-02-30', maxDays: 47 }] } },
      'policy.schedule.0.from: must be a real date written YYYY-MM-DD',
    ],
    [
      { policy: { schedule: [{ from: '2027-13-01', maxDays: 47 }] } },
      'policy.schedule.0.from: must be a real date written YYYY-MM-DD',
    ],
    [
      { policy: { thresholds: { notice: { days: 60, fractionOfLifetime: 2 } } } },
      'policy.thresholds.notice.fractionOfLifetime',
    ],
    [{ schedule: 'daily' }, 'schedule: must be cron(...) or rate(...)'],
    [{ probes: [{ host: 'h', port: 70000 }] }, 'probes.0.port'],
    [{ unknownSection: true }, 'Unrecognized key: "unknownSection"'],
  ])('names the field that is wrong: %j', (value, expected) => {
    expect(problemsOf(value).join('\n')).toContain(expected);
  });

  it('rejects two orgs with one name', () => {
    const org = { name: 'dup', auth: { type: 'session' } };
    expect(problemsOf({ orgs: [org, org] })).toEqual(['orgs: the name "dup" is used twice']);
  });

  it('keeps docs/config.schema.json in step with the code (npm run config-schema)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../docs/config.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });
});

import { recordFromExpiryDate } from '../../lambdas/core/certificates/record';
import type { ProbeTarget } from '../../lambdas/core/config';
import { parseEndpoint } from '../../lambdas/core/endpoint';
import type { CertificateRecord } from '../../lambdas/core/model';
import { probeTargetsFromSecrets } from '../../lambdas/core/probe-targets';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:partners/erp-AbCdEf';

function partnerCopy(name: string, attributes: Record<string, string>): CertificateRecord {
  return recordFromExpiryDate('2027-01-01', {
    source: 'secrets:eu-west-1',
    name,
    kind: 'partner-client',
    org: 'acme-prod',
    externalSystem: 'Partner ERP',
    owners: { partnerOwner: 'ops@partner.example' },
    attributes,
  });
}

describe('parseEndpoint', () => {
  it.each([
    ['erp.partner.example', { host: 'erp.partner.example', port: 8443 }],
    ['erp.partner.example:443', { host: 'erp.partner.example', port: 443 }],
    ['[2001:db8::1]:9443', { host: '2001:db8::1', port: 9443 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 8443 }],
    [':8443', { error: '":8443" names no host' }],
    ['erp:http', { error: 'the port must be a whole number from 1 to 65535, got "http"' }],
    ['erp:70000', { error: 'the port must be a whole number from 1 to 65535, got "70000"' }],
  ])('%s', (text, expected) => {
    expect(parseEndpoint(text)).toEqual(expected);
  });
});

describe('probe targets from partner-secret metadata', () => {
  it('probes the endpoint a secret names, with that secret, carrying its metadata', () => {
    const inventory = {
      certificates: [partnerCopy('partners/erp', { probeEndpoint: 'erp.partner.example', secretArn: ARN })],
    };
    expect(probeTargetsFromSecrets(inventory, [])).toEqual({
      targets: [
        {
          name: 'erp.partner.example:8443',
          host: 'erp.partner.example',
          port: 8443,
          timeoutMs: 10000,
          clientCertificate: { secret: ARN },
          org: 'acme-prod',
          externalSystem: 'Partner ERP',
          partnerOwner: 'ops@partner.example',
        },
      ],
      findings: [],
    });
  });

  it('leaves a target the configuration names to the configuration, and probes one endpoint once', () => {
    const configured: ProbeTarget[] = [{ host: 'ERP.partner.example', port: 8443, timeoutMs: 5000 }];
    const inventory = {
      certificates: [
        partnerCopy('a', { probeEndpoint: 'erp.partner.example:8443', secretArn: ARN }),
        partnerCopy('b', { probeEndpoint: 'b2b.partner.example', secretArn: ARN }),
        partnerCopy('c', { probeEndpoint: 'b2b.partner.example:8443', secretArn: ARN }),
      ],
    };
    expect(probeTargetsFromSecrets(inventory, configured).targets.map((t) => t.name)).toEqual([
      'b2b.partner.example:8443',
    ]);
  });

  it('reports an unusable endpoint as a finding naming the secret, and ignores records without a secret', () => {
    const inventory = {
      certificates: [
        partnerCopy('partners/bad', { probeEndpoint: 'erp:http', secretArn: ARN }),
        partnerCopy('from-a-file', { probeEndpoint: 'erp.partner.example' }),
      ],
    };
    const { targets, findings } = probeTargetsFromSecrets(inventory, []);
    expect(targets).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({ code: 'PROBE_ENDPOINT_INVALID', subject: 'secrets:eu-west-1:partners/bad' }),
    ]);
    expect(findings[0].message).toContain('"erp:http"');
  });
});

/**
 * Owner routing in the synthesised stack: the filter policies CloudFormation gets are evaluated
 * with SNS's matching rules against the attributes real rendered alerts carry, so "a partner's
 * contact hears their certificate and not another's" is checked on what would be deployed.
 */
import { planDigests } from '../../lambdas/core/alerts/digest';
import { renderAlert } from '../../lambdas/core/alerts/messages';
import type { Alert, RenderedAlert } from '../../lambdas/core/alerts/model';
import { DEFAULT_ALERT_SETTINGS } from '../../lambdas/core/alerts/severity';
import { certificateKey } from '../../lambdas/core/alerts/state';
import { inTier, NOW, report } from '../core/alerts/fixtures';
import { buildApp, minimalConfig, templateOf, writeConfig } from './helpers';

type FilterPolicy = Record<string, string[]>;

/**
 * SNS attribute filtering for exact string values (all this stack uses): every policy key must be
 * an attribute of the message; a String matches when it is listed, a String.Array when any of its
 * elements is.
 */
function matches(policy: FilterPolicy | undefined, attributes: RenderedAlert['attributes']): boolean {
  if (policy === undefined) return true;
  return Object.entries(policy).every(([name, allowed]) => {
    const value = (attributes as Record<string, string | string[] | undefined>)[name];
    if (value === undefined) return false;
    return (Array.isArray(value) ? value : [value]).some((v) => allowed.includes(v));
  });
}

const ours = inTier('critical', {
  id: 'salesforce:acme-prod:inbound:Northwind',
  name: 'Northwind',
  owners: { owner: 'integration-team@acme.example', partnerOwner: 'IT-Ops@Northwind.example' },
});
const theirs = inTier('warning', {
  id: 'salesforce:acme-prod:inbound:Contoso',
  name: 'Contoso',
  owners: { partnerOwner: 'pki@contoso.example', notify: ['edi-desk@contoso.example'] },
});
const scan = report({ certificates: [ours, theirs] });
const tierAlert = (c: typeof ours): Alert => ({
  type: 'tier',
  severity: c.tier as 'critical',
  key: certificateKey(c),
  certificate: c,
  previousTier: null,
  repeat: false,
});

const config = {
  ...minimalConfig(),
  certificates: {
    Northwind: { owner: 'integration-team@acme.example', partnerOwner: 'it-ops@northwind.example' },
    Contoso: { partnerOwner: 'pki@contoso.example', notify: ['edi-desk@contoso.example'] },
  },
  alerts: {
    email: ['team@acme.example'],
    ownerMinTier: 'warning',
    owners: ['tagged-owner@fabrikam.example'],
  },
};
const template = templateOf(buildApp(writeConfig(config)));
const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map(
  (r) => r.Properties as { Endpoint: string; Protocol: string; FilterPolicy?: FilterPolicy },
);
const hears = (endpoint: string, alert: RenderedAlert) => {
  const subscription = subscriptions.find((s) => s.Endpoint === endpoint);
  if (!subscription) throw new Error(`no subscription for ${endpoint}`);
  return matches(subscription.FilterPolicy, alert.attributes);
};

const oursAlert = renderAlert(tierAlert(ours), scan);
const theirsAlert = renderAlert(tierAlert(theirs), scan);
const digests = planDigests(scan, NOW, DEFAULT_ALERT_SETTINGS).map((d) => renderAlert(d, scan));
const teamDigest = digests.find((d) => d.severity === 'digest')!;
const digestOf = (owner: string) => digests.find((d) => d.attributes.owners?.includes(owner))!;

test('every owner address named in the configuration gets one e-mail subscription; team members none extra', () => {
  const endpoints = subscriptions
    .filter((s) => s.Protocol === 'email')
    .map((s) => s.Endpoint)
    .sort();
  expect(endpoints).toEqual(
    [
      'edi-desk@contoso.example',
      'it-ops@northwind.example',
      'pki@contoso.example',
      'tagged-owner@fabrikam.example',
      'team@acme.example',
      // An owner who is not a team subscriber: one owner subscription.
      'integration-team@acme.example',
    ].sort(),
  );
});

test("an owner hears their certificate and not another's", () => {
  // Addresses are matched in one spelling: the report's IT-Ops@Northwind.example routes.
  expect(hears('it-ops@northwind.example', oursAlert)).toBe(true);
  expect(hears('it-ops@northwind.example', theirsAlert)).toBe(false);
  expect(hears('pki@contoso.example', theirsAlert)).toBe(true);
  expect(hears('pki@contoso.example', oursAlert)).toBe(false);
  expect(hears('edi-desk@contoso.example', theirsAlert)).toBe(true);
  expect(hears('tagged-owner@fabrikam.example', oursAlert)).toBe(false);
});

test('the team hears everything at its tier and the team digest, never an owner digest', () => {
  expect(hears('team@acme.example', oursAlert)).toBe(true);
  expect(hears('team@acme.example', theirsAlert)).toBe(true);
  expect(hears('team@acme.example', teamDigest)).toBe(true);
  expect(hears('team@acme.example', digestOf('pki@contoso.example'))).toBe(false);
});

test('each owner gets their own digest, with only their certificates, and not the team digest', () => {
  expect(hears('pki@contoso.example', digestOf('pki@contoso.example'))).toBe(true);
  expect(hears('pki@contoso.example', digestOf('it-ops@northwind.example'))).toBe(false);
  expect(hears('pki@contoso.example', teamDigest)).toBe(false);
  expect(digestOf('pki@contoso.example').messages.email).toContain('Contoso');
  expect(digestOf('pki@contoso.example').messages.email).not.toContain('Northwind');
  // The team digest lists, per owner, what is theirs.
  expect(teamDigest.messages.email).toContain('pki@contoso.example: Contoso');
  expect(teamDigest.messages.email).toContain('it-ops@northwind.example: Northwind');
});

test('ownerMinTier bounds what owners hear', () => {
  const notice = renderAlert(tierAlert({ ...ours, tier: 'notice', daysRemaining: 45 }), scan);
  expect(hears('it-ops@northwind.example', { ...notice, severity: 'notice' })).toBe(false);
  expect(hears('team@acme.example', notice)).toBe(true);
});

test('routeToOwners: false subscribes no owner', () => {
  const off = templateOf(
    buildApp(writeConfig({ ...config, alerts: { ...config.alerts, routeToOwners: false } })),
  );
  const endpoints = Object.values(off.findResources('AWS::SNS::Subscription')).map(
    (r) => r.Properties.Endpoint,
  );
  expect(endpoints).toEqual(['team@acme.example']);
});

test('owner subscriptions are named by their address: adding an owner replaces no other subscription', () => {
  const ids = (t: ReturnType<typeof templateOf>) =>
    Object.entries(t.findResources('AWS::SNS::Subscription'))
      .filter(([id]) => id.startsWith('Owner'))
      .map(([id, r]) => `${id}=${r.Properties.Endpoint}`);
  const more = templateOf(
    buildApp(
      writeConfig({
        ...config,
        alerts: { ...config.alerts, owners: ['aaa-first@new.example', 'tagged-owner@fabrikam.example'] },
      }),
    ),
  );
  const before = ids(template);
  const after = ids(more);
  expect(after).toEqual(expect.arrayContaining(before));
  expect(after).toHaveLength(before.length + 1);
});

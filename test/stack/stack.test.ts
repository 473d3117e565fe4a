import { Match, type Template } from 'aws-cdk-lib/assertions';
import { loadConfigFile } from '../../lambdas/adapters/files/config-file';
import { subscriptionFilterPolicy } from '../../lambdas/core/alerts/severity';
import { secretsSourceName } from '../../lambdas/core/source-names';
import { METRICS } from '../../lambdas/shared/metric-catalog';
import { EXPIRY_WIDGET_TITLE, FORECAST_WIDGET_TITLE, HEARTBEAT_HOURS } from '../../lib/rotation-dashboard';
import { FUNCTION_ENTRIES } from '../../lib/sentinel-function';
import { buildApp, EXAMPLE_CONFIG, minimalConfig, templateOf, writeConfig } from './helpers';

const example = loadConfigFile(EXAMPLE_CONFIG);
let template: Template;

beforeAll(() => {
  template = templateOf(buildApp());
});

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

function statementsOfRole(roleLogicalIdPrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) =>
      (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith(roleLogicalIdPrefix)),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('functions', () => {
  test('every function runs Node 24 on arm64 with tracing, source maps and its own log group', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(Object.keys(FUNCTION_ENTRIES).length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('roles carry no managed policies', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  test('CONFIG_JSON holds the slice each function needs, and no key material', () => {
    const env = (prefix: string) => {
      const [fn] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
        id.startsWith(prefix),
      );
      return fn[1].Properties.Environment.Variables as Record<string, unknown>;
    };
    expect(JSON.parse(env('CollectOrgFunction').CONFIG_JSON as string)).toEqual({
      orgs: example.orgs,
      policy: example.policy,
    });
    // The configured probe endpoints, host and port only: a partner secret's probeEndpoint must not repeat them.
    expect(JSON.parse(env('CollectPartnerFunction').CONFIG_JSON as string)).toEqual({
      secrets: example.secrets,
      probes: example.probes?.map((p) => ({ host: p.host, port: p.port })),
    });
    expect(env('DashboardWidgetFunction').CONFIG_JSON).toBeUndefined();
    const all = JSON.stringify(template.findResources('AWS::Lambda::Function'));
    expect(all).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });

  test('the secret-change function sends failed asynchronous invocations to the ops topic', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: { Ref: Match.stringLikeRegexp('^Ops') } } },
    });
  });
});

describe('IAM', () => {
  test('collect-org reads only the configured org key secrets, by name', () => {
    const reads = statementsOfRole('CollectOrgRole').filter((s) =>
      actionsOf(s).includes('secretsmanager:GetSecretValue'),
    );
    expect(reads).toHaveLength(1);
    const text = JSON.stringify(reads[0].Resource);
    expect(text).toContain(':secret:cert-sentinel/orgs/acme-prod/jwt-key-??????');
    expect(text).toContain(':secret:cert-sentinel/orgs/acme-uat/jwt-key-??????');
    expect(text).not.toContain('*');
  });

  test('partner secrets are read only under the selector tag condition', () => {
    const reads = statementsOfRole('CollectPartnerRole').filter((s) =>
      actionsOf(s).includes('secretsmanager:GetSecretValue'),
    );
    expect(reads).toEqual([
      expect.objectContaining({
        Condition: { StringEquals: { 'secretsmanager:ResourceTag/cert-sentinel:watch': 'true' } },
      }),
    ]);
    expect(JSON.stringify(reads[0].Resource)).toContain(':secretsmanager:eu-west-1:');
  });

  test('a prefix selector limits reads to the prefix; a role selector may only assume its role', () => {
    const config = minimalConfig();
    config.secrets = [
      { prefix: 'partners/' },
      { tag: { key: 'k', value: 'v' }, roleArn: 'arn:aws:iam::123456789012:role/reader' },
    ];
    template = templateOf(buildApp(writeConfig(config)));
    const statements = statementsOfRole('CollectPartnerRole');
    const reads = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0].Resource)).toContain(':secret:partners/*');
    expect(reads[0].Condition).toBeUndefined();
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::123456789012:role/reader',
      }),
    );
    template = templateOf(buildApp());
  });

  test('ListSecrets and BatchGetSecretValue sit alone in their own policy', () => {
    const listingOf = (rolePrefix: string) =>
      Object.values(template.findResources('AWS::IAM::Policy')).filter(
        (p) =>
          JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:BatchGetSecretValue') &&
          (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith(rolePrefix)),
      );
    const listing = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:ListSecrets'),
    );
    expect(listing).toHaveLength(1); // collect-partner lists; secret-change is told the secret
    expect(listingOf('CollectPartnerRole')).toHaveLength(1);
    expect(listingOf('CollectPartnerRole')[0].Properties.PolicyDocument.Statement).toEqual([
      {
        Action: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:ListSecrets'],
        Effect: 'Allow',
        Resource: '*',
      },
    ]);
    expect(listingOf('SecretChangeRole')).toHaveLength(1);
    expect(listingOf('SecretChangeRole')[0].Properties.PolicyDocument.Statement).toEqual([
      { Action: 'secretsmanager:BatchGetSecretValue', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('secret-change reads only this account: no partner role, its selectors in CONFIG_JSON', () => {
    const config = minimalConfig();
    config.secrets = [
      { prefix: 'partners/' },
      { tag: { key: 'k', value: 'v' }, roleArn: 'arn:aws:iam::123456789012:role/reader' },
    ];
    template = templateOf(buildApp(writeConfig(config)));
    const statements = statementsOfRole('SecretChangeRole');
    expect(statements.filter((s) => actionsOf(s).includes('sts:AssumeRole'))).toEqual([]);
    const reads = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0].Resource)).toContain(':secret:partners/*');
    const [fn] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith('SecretChangeFunction'),
    );
    const env = fn[1].Properties.Environment.Variables as Record<string, string>;
    expect(JSON.parse(env.CONFIG_JSON).secrets).toEqual(config.secrets);
    expect(env.SECRET_SELECTORS).toBeUndefined();
    template = templateOf(buildApp());
  });

  test('the probe reads the partner secrets this account selects, never lists them nor assumes roles', () => {
    const config = minimalConfig();
    config.secrets = [
      { tag: { key: 'cert-sentinel:watch', value: 'true' } },
      { prefix: 'partners/' },
      { tag: { key: 'k', value: 'v' }, roleArn: 'arn:aws:iam::123456789012:role/reader' },
    ];
    config.probes = [{ host: 'mtls.partner.example', clientCertificate: { secret: 'probe/client' } }];
    template = templateOf(buildApp(writeConfig(config)));
    const statements = statementsOfRole('ProbeRole');
    const reads = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    // The configured target's secret by name, then each local selector's grant as collect-partner has it.
    expect(reads).toHaveLength(3);
    expect(JSON.stringify(reads[0].Resource)).toContain(':secret:probe/client-??????');
    expect(reads[1]).toMatchObject({
      Condition: { StringEquals: { 'secretsmanager:ResourceTag/cert-sentinel:watch': 'true' } },
    });
    expect(JSON.stringify(reads[1].Resource)).toContain(':secret:*');
    expect(JSON.stringify(reads[2].Resource)).toContain(':secret:partners/*');
    expect(reads[2].Condition).toBeUndefined();
    const collectorReads = statementsOfRole('CollectPartnerRole').filter((s) =>
      actionsOf(s).includes('secretsmanager:GetSecretValue'),
    );
    expect(reads.slice(1)).toEqual(collectorReads);
    const actions = statements.flatMap(actionsOf);
    expect(actions).not.toContain('secretsmanager:ListSecrets');
    expect(actions).not.toContain('secretsmanager:BatchGetSecretValue');
    expect(actions).not.toContain('sts:AssumeRole');
    template = templateOf(buildApp());
  });

  test('roles that read partner or probe secrets may decrypt them through Secrets Manager only', () => {
    const viaSecretsManager = (prefix: string) =>
      statementsOfRole(prefix).filter((s) => actionsOf(s).includes('kms:Decrypt') && s.Resource === '*');
    const region = { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] };
    const expected = {
      // The example's selector reads eu-west-1; its probe secrets are names, read in the stack's
      // region; the probe also presents the selector's partner secrets (probeEndpoint).
      CollectPartnerRole: ['secretsmanager.eu-west-1.amazonaws.com'],
      SecretChangeRole: ['secretsmanager.eu-west-1.amazonaws.com'],
      ProbeRole: [region, 'secretsmanager.eu-west-1.amazonaws.com'],
    };
    for (const [prefix, services] of Object.entries(expected)) {
      expect([prefix, viaSecretsManager(prefix)]).toEqual([
        prefix,
        [
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': services } },
          },
        ],
      ]);
    }
    for (const prefix of ['CollectOrgRole', 'EvaluateRole', 'DashboardWidgetRole']) {
      expect([prefix, viaSecretsManager(prefix)]).toEqual([prefix, []]);
    }
    // Alone in its own policy, so the `*` acknowledgement covers nothing else.
    const decryptPolicies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some(
        (st) => actionsOf(st).includes('kms:Decrypt') && st.Resource === '*',
      ),
    );
    expect(decryptPolicies).toHaveLength(3);
    for (const policy of decryptPolicies) expect(policy.Properties.PolicyDocument.Statement).toHaveLength(1);
  });

  test('kms:ViaService names every region secrets are read in; a role selector adds none', () => {
    const config = minimalConfig();
    config.secrets = [
      { prefix: 'partners/', regions: ['eu-west-1', 'us-east-1'] },
      {
        tag: { key: 'k', value: 'v' },
        roleArn: 'arn:aws:iam::123456789012:role/reader',
        regions: ['ap-south-1'],
      },
    ];
    config.probes = [
      {
        host: 'mtls.partner.example',
        clientCertificate: {
          secret: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:probe-client-AbCdEf',
        },
      },
    ];
    template = templateOf(buildApp(writeConfig(config)));
    const services = (prefix: string) =>
      statementsOfRole(prefix)
        .filter((s) => actionsOf(s).includes('kms:Decrypt') && s.Resource === '*')
        .map(
          (s) => (s.Condition as { StringEquals: Record<string, unknown> }).StringEquals['kms:ViaService'],
        );
    expect(services('CollectPartnerRole')).toEqual([
      ['secretsmanager.eu-west-1.amazonaws.com', 'secretsmanager.us-east-1.amazonaws.com'],
    ]);
    expect(services('SecretChangeRole')).toEqual(services('CollectPartnerRole'));
    expect(services('ProbeRole')).toEqual([
      [
        'secretsmanager.eu-central-1.amazonaws.com',
        'secretsmanager.eu-west-1.amazonaws.com',
        'secretsmanager.us-east-1.amazonaws.com',
      ],
    ]);
    template = templateOf(buildApp());
  });

  test('each function reads and writes only its own snapshot objects', () => {
    const objects = (prefix: string, action: string) =>
      statementsOfRole(prefix)
        .filter((s) => actionsOf(s).includes(action))
        .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
        // Each resource is Fn::Join ['', [bucket ARN, '/<key pattern>']].
        .map((r) => ((r as { 'Fn::Join': [string, string[]] })['Fn::Join'][1].at(-1) ?? '').slice(1))
        .sort();
    expect(objects('CollectOrgRole', 's3:PutObject')).toEqual(['scans/*/orgs/*.json']);
    expect(objects('CollectPartnerRole', 's3:PutObject')).toEqual(['scans/*/partners/*-*.json']);
    expect(objects('EvaluateRole', 's3:GetObject')).toEqual([
      'scans/*/orgs/*.json',
      'scans/*/partners/*-*.json',
    ]);
    const reportAndLatest = [
      'latest/inventory.json',
      'latest/report.json',
      'latest/rotations.ics',
      'scans/*/report.json',
    ];
    expect(objects('EvaluateRole', 's3:PutObject')).toEqual(reportAndLatest);
    expect(objects('SecretChangeRole', 's3:GetObject')).toEqual(['latest/inventory.json']);
    expect(objects('SecretChangeRole', 's3:PutObject')).toEqual(reportAndLatest);
  });

  test('the dashboard widget may read the latest report and nothing else', () => {
    const reads = statementsOfRole('DashboardWidgetRole').filter((s) =>
      actionsOf(s).includes('s3:GetObject'),
    );
    expect(JSON.stringify(reads)).toContain('/latest/report.json');
    expect(
      statementsOfRole('DashboardWidgetRole').some((s) =>
        actionsOf(s).some((a) => /^(sns|dynamodb|secretsmanager):/.test(a)),
      ),
    ).toBe(false);
  });

  test('alerting functions may scan the state table and write it one conditional item at a time', () => {
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    for (const role of ['EvaluateRole', 'SecretChangeRole']) {
      const statements = statementsOfRole(role).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('dynamodb:')),
      );
      expect(statements).toHaveLength(1);
      expect([...actionsOf(statements[0])].sort()).toEqual([
        'dynamodb:DeleteItem',
        'dynamodb:PutItem',
        'dynamodb:Scan',
      ]);
      expect(statements[0].Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
    }
  });
});

describe('storage and topics', () => {
  test('snapshot bucket: encrypted, private, TLS only, versioned, access-logged, old scans expire', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: Match.objectLike({}),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'scans/', ExpirationInDays: 90, Status: 'Enabled' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('alert state: pk string, on demand, encrypted, point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test('both topics use the rotating customer key and refuse plain HTTP', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.allResourcesProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const policies = template.findResources('AWS::SNS::TopicPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  test('e-mail and SMS subscriptions filter on severity; ops e-mail hears everything', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'integration-team@acme.example',
      TopicArn: { Ref: Match.stringLikeRegexp('^Alerts') },
      FilterPolicy: subscriptionFilterPolicy('email', example.alerts),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+15555550100',
      FilterPolicy: subscriptionFilterPolicy('sms', example.alerts),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'platform-oncall@acme.example',
      TopicArn: { Ref: Match.stringLikeRegexp('^Ops') },
      FilterPolicy: Match.absent(),
    });
    expect(subscriptionFilterPolicy('sms', example.alerts).severity).not.toContain('notice');
  });
});

/** The parts of Amazon States Language these tests read. */
interface AslState {
  Type: string;
  Next?: string;
  ItemsPath?: string;
  MaxConcurrency?: number;
  Branches: AslMachine[];
  ItemProcessor: AslMachine;
  Retry?: unknown[];
  Catch: Array<{ Next: string; ErrorEquals?: string[]; ResultPath?: string }>;
  Parameters: Record<string, unknown>;
  Resource: string;
  Result: { orgs: Array<{ org: string; source: string }>; partners: Array<{ source: string }> };
  Message?: string;
  ItemSelector?: Record<string, unknown>;
}
interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

describe('scan', () => {
  function definition(): AslMachine {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
    // Tokens (ARNs) become placeholders; the structure is what the tests read.
    return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
  }

  test('a Map over orgs with the configured concurrency, and Maps over selectors and probes', () => {
    const collect = definition().States.Collect;
    expect(collect.Type).toBe('Parallel');
    const [orgs, partners, probes] = collect.Branches.map((b) => b.States[b.StartAt]);
    expect(orgs).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.plan.orgs',
      MaxConcurrency: example.orgConcurrency,
    });
    expect(partners).toMatchObject({ Type: 'Map', ItemsPath: '$.plan.partners' });
    expect(probes).toMatchObject({ Type: 'Map', ItemsPath: '$.plan.probes' });
    expect(definition().States.Plan.Result.orgs).toEqual([
      { org: 'acme-prod', source: 'salesforce:acme-prod' },
      { org: 'acme-uat', source: 'salesforce:acme-uat' },
    ]);
  });

  test('each partner iteration probes the endpoints its secrets name, then shapes its result', () => {
    const iteration = definition().States.Collect.Branches[1].States.CollectPartners.ItemProcessor;
    expect(iteration.StartAt).toBe('CollectPartner');
    const states = iteration.States;
    expect(states.CollectPartner).toMatchObject({
      Type: 'Task',
      ResultPath: '$.collect',
      Next: 'ProbePartnerTargets',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'PartnerFailed' }],
    });
    expect(states.PartnerFailed).toMatchObject({ Type: 'Pass', End: true });
    expect(states.ProbePartnerTargets).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.collect.probeTargets',
      ItemSelector: { 'target.$': '$$.Map.Item.Value' },
      MaxConcurrency: 10,
      ResultPath: '$.probes',
      Next: 'PartnerCollected',
    });
    // The same probe task as the configured targets' Map: same function, retries and catch.
    const inner = states.ProbePartnerTargets.ItemProcessor;
    const outer = definition().States.Collect.Branches[2].States.ProbeTargets.ItemProcessor;
    expect(inner.StartAt).toBe('PartnerProbe');
    expect(outer.StartAt).toBe('Probe');
    const { Catch: innerCatch, ...innerTask } = inner.States.PartnerProbe;
    const { Catch: outerCatch, ...outerTask } = outer.States.Probe;
    expect(innerTask).toEqual(outerTask);
    expect(innerCatch).toEqual([{ ...outerCatch[0], Next: 'PartnerProbeFailed' }]);
    expect(inner.States.PartnerProbeFailed).toEqual(outer.States.ProbeFailed);
    expect(states.PartnerCollected).toMatchObject({
      Type: 'Pass',
      End: true,
      Parameters: {
        'source.$': '$.collect.source',
        'status.$': '$.collect.status',
        'key.$': '$.collect.key',
        'certificates.$': '$.collect.certificates',
        'probes.$': '$.probes',
      },
    });
  });

  test('a caught collector is reported under the name the collector gives itself (one identity)', () => {
    const states = definition().States;
    const plan = states.Plan.Result;
    const selectors = example.secrets ?? [];
    expect(plan.partners.map((p) => p.source)).toEqual(
      selectors.flatMap((selector) =>
        (selector.regions ?? ['TOKEN']).map((region) =>
          secretsSourceName(selector, region).replace(/\$\{Token\[[^\]]+\]\}/, 'TOKEN'),
        ),
      ),
    );
    expect(new Set(plan.partners.map((p) => p.source)).size).toBe(plan.partners.length);
    const partners = states.Collect.Branches[1].States.CollectPartners;
    expect(partners.ItemSelector).toMatchObject({ 'source.$': '$$.Map.Item.Value.source' });
    expect(partners.ItemProcessor.States.PartnerFailed.Parameters).toMatchObject({ 'source.$': '$.source' });
    const orgs = states.Collect.Branches[0].States.CollectOrgs;
    expect(orgs.ItemSelector).toMatchObject({ 'source.$': '$$.Map.Item.Value.source' });
    expect(orgs.ItemProcessor.States.OrgFailed.Parameters).toMatchObject({ 'source.$': '$.source' });
  });

  test('every Catch target keeps the cause with a path that cannot be missing', () => {
    const catchTargets: AslState[] = [];
    const walk = (machine: AslMachine) => {
      for (const state of Object.values(machine.States)) {
        for (const c of state.Catch ?? []) catchTargets.push(machine.States[c.Next]);
        for (const branch of state.Branches ?? []) walk(branch);
        if (state.ItemProcessor) walk(state.ItemProcessor);
      }
    };
    walk(definition());
    const failed = catchTargets.filter((t) => t.Type === 'Pass');
    expect(failed.map((t) => t.Parameters['error.$'])).toEqual(Array(4).fill('States.JsonToString($.error)'));
    // Only $.error itself (always set by the Catch's ResultPath) is read, never a field inside it.
    for (const target of catchTargets) {
      expect(JSON.stringify(target.Parameters)).not.toMatch(/\$\.error\./);
    }
    const notify = definition().States.NotifyOps;
    expect(notify.Parameters['Message.$']).toContain('States.JsonToString($.error)');
  });

  test('org concurrency defaults to 5', () => {
    template = templateOf(buildApp(writeConfig(minimalConfig())));
    const orgs = definition().States.Collect.Branches[0];
    expect(orgs.States[orgs.StartAt].MaxConcurrency).toBe(5);
    template = templateOf(buildApp());
  });

  test('tasks retry transient errors with backoff; failures are caught', () => {
    const states = definition().States;
    const orgs = states.Collect.Branches[0].States.CollectOrgs.ItemProcessor.States;
    expect(orgs.CollectOrg.Retry).toEqual([
      expect.objectContaining({
        ErrorEquals: expect.arrayContaining([
          'Lambda.ServiceException',
          'Lambda.TooManyRequestsException',
          'States.Timeout',
        ]),
        BackoffRate: 2,
        MaxAttempts: 4,
      }),
    ]);
    expect(orgs.CollectOrg.Catch[0].Next).toBe('OrgFailed');
    expect(states.Collect.Catch[0].Next).toBe('NotifyOps');
    expect(states.Evaluate.Catch[0].Next).toBe('NotifyOps');
    expect(states.NotifyOps.Resource).toContain('sns:publish');
  });

  test('only S3 keys and small results travel to evaluate', () => {
    const evaluate = definition().States.Evaluate;
    expect(Object.keys(evaluate.Parameters)).toEqual(['scanId.$', 'orgs.$', 'partners.$', 'probes.$']);
  });

  test('the schedule runs daily by default at 06:00 UTC and starts the scan', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      Target: Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Scan') } }),
    });
  });

  test('Secrets Manager changes reach the secret-change function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: ['PutSecretValue', 'UpdateSecret', 'TagResource', 'RotateSecret'],
        },
      },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecretChangeFunction'), 'Arn'] } }),
      ],
    });
  });
});

describe('monitoring', () => {
  test('heartbeat: a missing ScanSucceeded for 26 hours is an alarm', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: METRICS.scanSucceeded,
      Period: 3600,
      EvaluationPeriods: HEARTBEAT_HOURS,
      DatapointsToAlarm: HEARTBEAT_HOURS,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
    });
  });

  test('scan failures and probe failures alarm to the ops topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: METRICS.probesFailed,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
    });
  });

  test('the dashboard shows the forecast, tiers, limits, probes, health and the custom widgets', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of [
      'Projected rotations per year (all orgs and partners)',
      FORECAST_WIDGET_TITLE,
      'Certificates per tier',
      'Minimum days to expiry',
      'Client certificates losing clientAuth at renewal',
      'Certificates per org vs the org limit',
      'Probe results',
      'Scan health',
      EXPIRY_WIDGET_TITLE,
    ]) {
      expect(body).toContain(title);
    }
    expect(body).toContain('DashboardWidgetFunction');
    expect(body).toContain('acme-uat');
    expect(body).toContain(METRICS.clientAuthMigrations);
  });

  test('per-org rotations come from the custom widget, not from per-org metrics', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const widgets = dashboardWidgets(dashboard.Properties.DashboardBody);
    const custom = widgets.filter((w) => w.type === 'custom');
    expect(custom.map((w) => [w.properties.title, w.properties.params])).toEqual([
      [FORECAST_WIDGET_TITLE, { view: 'forecast' }],
      [EXPIRY_WIDGET_TITLE, { view: 'expiring', rows: 15 }],
    ]);
    for (const widget of custom) expect(widget.properties.endpoint).toBe('<DashboardWidgetFunction.Arn>');
    const body = JSON.stringify(widgets);
    // Estate-wide rotations per year stay a metric; no series is searched per org and year any more.
    expect(body).toContain('{CertSentinel,Year,service} MetricName=\\"ProjectedRotations\\"');
    expect(body).not.toContain('{CertSentinel,Org,Year,service}');
    // Org is a dimension of the certificate count only.
    const orgMetrics = widgets
      .flatMap((w) => (w.properties.metrics ?? []) as unknown[][])
      .filter((m) => m.includes('Org'));
    expect(new Set(orgMetrics.map((m) => m[1]))).toEqual(new Set([METRICS.orgCertificates]));
  });
});

interface DashboardWidget {
  type: string;
  properties: { title?: string; params?: unknown; endpoint?: string; metrics?: unknown[] };
}

/** The dashboard body with each reference written as <LogicalId.Attribute>, parsed. */
function dashboardWidgets(body: unknown): DashboardWidget[] {
  const text = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const node = part as Record<string, unknown>;
    if (node['Fn::Join']) return (node['Fn::Join'] as [string, unknown[]])[1].map(text).join('');
    if (node['Fn::GetAtt']) {
      const [id, attribute] = node['Fn::GetAtt'] as [string, string];
      return `<${id.replace(/[0-9A-F]{8}$/, '')}.${attribute}>`;
    }
    if (node.Ref) return `<${String(node.Ref).replace(/[0-9A-F]{8}$/, '')}>`;
    return JSON.stringify(node);
  };
  return (JSON.parse(text(body)) as { widgets: DashboardWidget[] }).widgets;
}

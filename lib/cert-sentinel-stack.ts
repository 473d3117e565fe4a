/**
 * The deployable Cert Sentinel: wiring only. Storage (scan snapshots, alert state), the two
 * topics, the functions (lib/sentinel-function.ts), the scan state machine, its daily schedule,
 * the secret-change rule, and the rotation-forecast dashboard with its alarms. Everything the
 * stack builds comes from one validated configuration; bad configuration fails synth.
 */
import { createHash } from 'node:crypto';
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Policy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SnsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { type CfnSubscription, Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { SECRET_CHANGE_EVENTS } from '../lambdas/adapters/secrets-manager/change-event';
import { configuredOwnerAddresses } from '../lambdas/core/alerts/owners';
import { ownerFilterPolicy, subscriptionFilterPolicy } from '../lambdas/core/alerts/severity';
import type { Config } from '../lambdas/core/config';
import { DEFAULT_CERTIFICATE_LIMIT } from '../lambdas/core/policy';
import { salesforceSourceName, secretsSourceName } from '../lambdas/core/source-names';
import { ENV } from '../lambdas/shared/environment';
import { SCAN_PREFIX, SNAPSHOT_KEYS, SNAPSHOT_PATTERNS } from '../lambdas/shared/snapshots';
import { ChatChannels } from './chat-channels';
import {
  assertDeployable,
  configSlice,
  DEFAULT_ORG_CONCURRENCY,
  DEFAULT_SCHEDULE,
  orgCredentialSecrets,
  probeSecrets,
} from './deploy-config';
import { acknowledgeWildcards } from './nag';
import { RotationDashboard } from './rotation-dashboard';
import { ScanStateMachine } from './scan-state-machine';
import {
  listingStatement,
  readNamedSecrets,
  readSelectedSecrets,
  regionOfSecret,
  type SelectorGrant,
} from './secret-access';
import { FUNCTION_ENTRIES, SentinelFunction } from './sentinel-function';

export interface CertSentinelStackProps extends StackProps {
  /** The validated configuration (`loadConfigFile`). */
  readonly config: Config;
  /** Where the configuration came from, named in error messages. @default 'configuration' */
  readonly configOrigin?: string;
  /** Days per-scan inventories and reports are kept under `scans/`. @default 90 */
  readonly scanHistoryDays?: number;
}

export class CertSentinelStack extends Stack {
  public readonly snapshotBucket: Bucket;
  public readonly accessLogBucket: Bucket;
  public readonly alertStateTable: Table;
  public readonly topicKey: Key;
  public readonly alertTopic: Topic;
  public readonly opsTopic: Topic;
  /** Slack and Teams channels and the topics they watch (empty without `alerts.slack` / `alerts.teams`). */
  public readonly chat: ChatChannels;
  public readonly functions: Record<keyof typeof FUNCTION_ENTRIES, SentinelFunction>;
  public readonly scan: ScanStateMachine;
  public readonly schedule: Schedule;
  public readonly secretChangeRule: Rule;
  public readonly monitoring: RotationDashboard;

  constructor(scope: Construct, id: string, props: CertSentinelStackProps) {
    super(scope, id, props);
    const { config } = props;
    assertDeployable(config, props.configOrigin ?? 'configuration');

    // Storage ----------------------------------------------------------------------------------
    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket receives the snapshot bucket's server access logs; logging it into itself would loop.",
    });
    this.snapshotBucket = new Bucket(this, 'Snapshots', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'snapshots/',
      // Scan history outlives the stack; docs/deploy.md says how to remove it.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { prefix: SCAN_PREFIX, expiration: Duration.days(props.scanHistoryDays ?? 90) },
        {
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    this.alertStateTable = new Table(this, 'AlertState', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Topics -----------------------------------------------------------------------------------
    this.topicKey = new Key(this, 'TopicKey', {
      description: 'Cert Sentinel: encrypts the alert and ops topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms publish to the encrypted ops topic as the CloudWatch service.
    this.topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.alertTopic = new Topic(this, 'Alerts', {
      displayName: 'Cert Sentinel alerts',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    this.opsTopic = new Topic(this, 'Ops', {
      displayName: 'Cert Sentinel ops',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    this.subscribe(config);
    this.chat = new ChatChannels(this, 'Chat', { alerts: config.alerts, topicKey: this.topicKey });

    // Functions --------------------------------------------------------------------------------
    const stackRegion = this.region;
    const partnerGrants = (config.secrets ?? []).map((selector) =>
      readSelectedSecrets(this, selector, selector.regions ?? [stackRegion]),
    );
    // The secret-change function reads this account's secrets with its own role, never through a
    // partner's role: it gets the grants of the selectors without `roleArn` only.
    const localGrants = partnerGrants.filter((_, i) => !config.secrets?.[i].roleArn);

    const collectOrg = new SentinelFunction(this, 'CollectOrg', {
      entry: FUNCTION_ENTRIES.CollectOrg,
      description: "Collects one Salesforce org's certificates and what uses them",
      config: configSlice(config, ['orgs', 'policy']),
      timeout: Duration.minutes(4),
      memorySize: 1024,
      // Salesforce serves certificates as PEM or DER; keystores only come from partners.
      readsKeystores: false,
    });
    collectOrg.addToRolePolicy(...readNamedSecrets(this, (config.orgs ?? []).flatMap(orgCredentialSecrets)));
    collectOrg.bindSnapshots(this.snapshotBucket, { write: [SNAPSHOT_PATTERNS.orgInventories] });

    const collectPartner = new SentinelFunction(this, 'CollectPartner', {
      entry: FUNCTION_ENTRIES.CollectPartner,
      description: 'Collects partner client certificates kept in Secrets Manager',
      // `probes` as host and port only: the endpoints a partner secret's `probeEndpoint` must not repeat.
      config: {
        ...configSlice(config, ['secrets']),
        ...(config.probes?.length ? { probes: config.probes.map(({ host, port }) => ({ host, port })) } : {}),
      },
      timeout: Duration.minutes(4),
      memorySize: 1024,
      readsKeystores: true,
    });
    collectPartner.addToRolePolicy(...partnerGrants.flatMap((g) => g.statements));
    collectPartner.bindSnapshots(this.snapshotBucket, { write: [SNAPSHOT_PATTERNS.partnerInventories] });

    const probe = new SentinelFunction(this, 'Probe', {
      entry: FUNCTION_ENTRIES.Probe,
      description: 'Mutual-TLS handshake probe against one partner endpoint',
      timeout: Duration.seconds(50),
      // Client certificates may be kept as PKCS#12 or JKS in their secret (docs/secrets-manager.md).
      readsKeystores: true,
    });
    probe.addToRolePolicy(...readNamedSecrets(this, probeSecrets(config)));
    // Partner secrets that name a `probeEndpoint` are probed with that secret: the probe reads
    // what the selectors of this account read. It cannot assume a selector's role (another
    // account's secrets); such an endpoint needs a configured probe target (docs/probe.md).
    probe.addToRolePolicy(...localGrants.flatMap((g) => g.statements));

    const evaluate = new SentinelFunction(this, 'Evaluate', {
      entry: FUNCTION_ENTRIES.Evaluate,
      description: 'Merges a scan, evaluates tiers and forecast, alerts and emits metrics',
      config: configSlice(config, ['policy', 'orgs', 'certificates', 'alerts', 'snoozes']),
      timeout: Duration.minutes(5),
      memorySize: 1024,
      // Works on inventories the collectors already parsed.
      readsKeystores: false,
    });
    evaluate.bindSnapshots(this.snapshotBucket, {
      read: [SNAPSHOT_PATTERNS.orgInventories, SNAPSHOT_PATTERNS.partnerInventories],
      write: [
        SNAPSHOT_PATTERNS.scanReports,
        SNAPSHOT_KEYS.latestReport,
        SNAPSHOT_KEYS.latestInventory,
        SNAPSHOT_KEYS.latestCalendar,
      ],
    });

    const secretChange = new SentinelFunction(this, 'SecretChange', {
      entry: FUNCTION_ENTRIES.SecretChange,
      description: 'Re-reads a partner secret that changed and re-evaluates the latest scan',
      // `secrets` picks which changed secrets are re-read.
      config: configSlice(config, ['policy', 'orgs', 'certificates', 'alerts', 'snoozes', 'secrets']),
      timeout: Duration.minutes(2),
      memorySize: 1024,
      onFailure: new SnsDestination(this.opsTopic),
      readsKeystores: true,
    });
    secretChange.addToRolePolicy(...localGrants.flatMap((g) => g.statements));
    secretChange.bindSnapshots(this.snapshotBucket, {
      read: [SNAPSHOT_KEYS.latestInventory],
      write: [
        SNAPSHOT_PATTERNS.scanReports,
        SNAPSHOT_KEYS.latestReport,
        SNAPSHOT_KEYS.latestInventory,
        SNAPSHOT_KEYS.latestCalendar,
      ],
    });
    acknowledgeWildcards(
      secretChange.role.node.findChild('DefaultPolicy'),
      [],
      ['kms:GenerateDataKey*'],
      'The async failure destination (SnsDestination) grants publish to the ops topic through topic.grantPublish; the key action wildcard covers GenerateDataKey and GenerateDataKeyWithoutPlaintext on the one topic key.',
    );

    for (const fn of [evaluate, secretChange]) {
      fn.bindAlertState(this.alertStateTable);
      fn.bindTopic(ENV.alertTopicArn, this.alertTopic, this.topicKey);
      fn.bindTopic(ENV.opsTopicArn, this.opsTopic, this.topicKey);
      if (config.alerts?.webhook) fn.bindSecret(ENV.webhookUrlSecret, config.alerts.webhook.urlSecret);
      if (this.chat.topics.length > 0) fn.bindChatTopics(this.chat.topics, this.topicKey);
    }
    // Secrets read in this account (a selector with roleArn reads through the partner's role).
    const partnerRegions = (config.secrets ?? [])
      .filter((selector) => !selector.roleArn)
      .flatMap((selector) => selector.regions ?? [stackRegion]);
    // collect-partner lists what its selector picks; secret-change is told the secret by the event.
    const readers: Array<[SentinelFunction, SelectorGrant[], boolean]> = [
      [collectPartner, partnerGrants, true],
      [secretChange, localGrants, false],
    ];
    probe.grantSecretsKeyDecrypt([
      ...probeSecrets(config).map((secret) => regionOfSecret(secret) ?? stackRegion),
      ...partnerRegions,
    ]);
    const localWildcards = localGrants.flatMap((g) => g.wildcardResources);
    if (localWildcards.length > 0) {
      acknowledgeWildcards(
        probe.role.node.findChild('DefaultPolicy'),
        localWildcards,
        [],
        "The probe presents partner client certificates chosen by the selectors at run time; each pattern is limited by the selector's secretsmanager:ResourceTag condition and/or its name prefix.",
      );
    }
    for (const [fn, grants, lists] of readers) {
      fn.grantSecretsKeyDecrypt(partnerRegions);
      // Account-wide by nature; kept in its own policy so the acknowledgement covers nothing else.
      const listing = new Policy(fn, 'ListSecrets', {
        statements: [listingStatement(lists)],
        roles: [fn.role],
      });
      acknowledgeWildcards(
        listing,
        ['*'],
        [],
        'secretsmanager:ListSecrets and BatchGetSecretValue support no resource-level permissions; each secret read is still authorised by GetSecretValue, limited by the selector tag condition or name prefix.',
      );
      const wildcards = grants.flatMap((g) => g.wildcardResources);
      if (wildcards.length > 0) {
        acknowledgeWildcards(
          fn.role.node.findChild('DefaultPolicy'),
          wildcards,
          [],
          "Partner secrets are chosen by tag or name prefix at run time; each pattern is limited by the selector's secretsmanager:ResourceTag condition and/or its name prefix.",
        );
      }
    }

    const dashboardWidget = new SentinelFunction(this, 'DashboardWidget', {
      entry: FUNCTION_ENTRIES.DashboardWidget,
      description: 'Renders the dashboard table of what expires next and what depends on it',
      timeout: Duration.seconds(10),
      memorySize: 256,
      readsKeystores: false,
    });
    dashboardWidget.bindSnapshots(this.snapshotBucket, { read: [SNAPSHOT_KEYS.latestReport] });

    this.functions = {
      CollectOrg: collectOrg,
      CollectPartner: collectPartner,
      Probe: probe,
      Evaluate: evaluate,
      SecretChange: secretChange,
      DashboardWidget: dashboardWidget,
    };

    // Scan -------------------------------------------------------------------------------------
    this.scan = new ScanStateMachine(this, 'Scan', {
      orgs: (config.orgs ?? []).map((o) => ({ org: o.name, source: salesforceSourceName(o.name) })),
      partners: (config.secrets ?? []).flatMap((selector, index) =>
        (selector.regions ?? [stackRegion]).map((region) => ({
          selector: index,
          region,
          source: secretsSourceName(selector, region),
        })),
      ),
      probes: config.probes ?? [],
      collectOrg: collectOrg.lambdaFunction,
      collectPartner: collectPartner.lambdaFunction,
      probe: probe.lambdaFunction,
      evaluate: evaluate.lambdaFunction,
      opsTopic: this.opsTopic,
      topicKey: this.topicKey,
      orgConcurrency: config.orgConcurrency ?? DEFAULT_ORG_CONCURRENCY,
    });
    this.schedule = new Schedule(this, 'DailyScan', {
      description: 'Starts the Cert Sentinel scan',
      schedule: ScheduleExpression.expression(config.schedule ?? DEFAULT_SCHEDULE),
      target: new StepFunctionsStartExecution(this.scan.stateMachine, {
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 3,
      }),
    });
    this.secretChangeRule = new Rule(this, 'SecretChanges', {
      description: 'Secrets Manager changes (CloudTrail) re-read the changed partner secret',
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: [...SECRET_CHANGE_EVENTS] },
      },
      targets: [
        new LambdaFunction(secretChange.lambdaFunction, { retryAttempts: 4, maxEventAge: Duration.hours(2) }),
      ],
    });

    // Dashboard and alarms ---------------------------------------------------------------------
    const defaultLimit = config.policy?.certificateLimit ?? DEFAULT_CERTIFICATE_LIMIT;
    this.monitoring = new RotationDashboard(this, 'RotationForecast', {
      orgs: (config.orgs ?? []).map((o) => ({
        name: o.name,
        certificateLimit: o.certificateLimit ?? defaultLimit,
      })),
      stateMachine: this.scan.stateMachine,
      widgetFunction: dashboardWidget.lambdaFunction,
      opsTopic: this.opsTopic,
    });
  }

  /**
   * E-mail and SMS subscribers hear the severities their filter policy names; each owner hears
   * only alerts whose `owners` attribute names them; ops hears everything.
   */
  private subscribe(config: Config): void {
    const alerts = config.alerts;
    const filtered = (id: string, protocol: 'email' | 'sms', endpoint: string) => {
      const subscription = new Subscription(this, id, {
        topic: this.alertTopic,
        protocol: protocol === 'email' ? SubscriptionProtocol.EMAIL : SubscriptionProtocol.SMS,
        endpoint,
      });
      // The alerts core owns the policy's shape; set as-is rather than re-expressed in CDK filters.
      (subscription.node.defaultChild as CfnSubscription).filterPolicy = subscriptionFilterPolicy(
        protocol,
        alerts,
      );
    };
    for (const [i, address] of (alerts?.email ?? []).entries()) filtered(`AlertEmail${i}`, 'email', address);
    for (const [i, number] of (alerts?.sms ?? []).entries()) filtered(`AlertSms${i}`, 'sms', number);
    for (const address of configuredOwnerAddresses(config)) {
      // Named by the address, not a position: adding an owner must not replace (and re-confirm)
      // every other owner's subscription.
      const id = `Owner${createHash('sha256').update(address).digest('hex').slice(0, 12)}`;
      const subscription = new Subscription(this, id, {
        topic: this.alertTopic,
        protocol: SubscriptionProtocol.EMAIL,
        endpoint: address,
      });
      (subscription.node.defaultChild as CfnSubscription).filterPolicy = ownerFilterPolicy(address, alerts);
    }
    for (const [i, address] of (alerts?.opsEmail ?? []).entries()) {
      new Subscription(this, `OpsEmail${i}`, {
        topic: this.opsTopic,
        protocol: SubscriptionProtocol.EMAIL,
        endpoint: address,
      });
    }
  }
}

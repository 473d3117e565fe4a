/**
 * The real alert collaborators (DynamoDB alert state, SNS topics), built once per process from the
 * environment the stack binds. Shared by the evaluate and secret-change functions.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDbAlertState } from '../adapters/dynamodb/alert-state';
import { SnsNotifier } from '../adapters/sns/notifier';
import { tracedClient } from '../adapters/xray/traced-clients';
import { ENV, requiredEnv } from './environment';

export function alertCollaborators() {
  const sns = tracedClient(new SNSClient({}));
  return {
    state: new DynamoDbAlertState({
      client: tracedClient(new DynamoDBClient({})),
      tableName: requiredEnv(ENV.alertStateTable),
    }),
    notifier: new SnsNotifier({ client: sns, topicArn: requiredEnv(ENV.alertTopicArn) }),
    opsNotifier: new SnsNotifier({ client: sns, topicArn: requiredEnv(ENV.opsTopicArn) }),
  };
}

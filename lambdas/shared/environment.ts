/**
 * Names of the environment variables the stack sets and the handlers read. Shared so that a
 * binding in the stack and a read in a handler cannot disagree. None of them ever holds a secret:
 * CONFIG_JSON carries names and ARNs only (the stack refuses a configuration that embeds key
 * material, and `parseConfig` has no field for it).
 */
export const ENV = {
  /** The validated configuration (the slice a function needs), as JSON. */
  config: 'CONFIG_JSON',
  snapshotBucket: 'SNAPSHOT_BUCKET',
  alertStateTable: 'ALERT_STATE_TABLE',
  alertTopicArn: 'ALERT_TOPIC_ARN',
  opsTopicArn: 'OPS_TOPIC_ARN',
  /** The chat topics Amazon Q Developer reads, as JSON `[{"minTier": "critical", "topicArn": "..."}]`. */
  chatTopics: 'CHAT_TOPICS',
  /** The name or ARN of the secret holding the webhook URL (the URL itself never is in the environment). */
  webhookUrlSecret: 'WEBHOOK_URL_SECRET',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** Reads a variable the stack is expected to set; a missing one is a deployment bug, not data. */
export function requiredEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is not set`);
  return value;
}

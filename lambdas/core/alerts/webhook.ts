/**
 * The generic webhook body (PagerDuty/Opsgenie/Google Chat adapters, a team's own service): one
 * JSON object per alert, versioned, with a dedupe key that stays the same for every message about
 * one certificate, probe target or source, so a receiver can open, update and close one incident.
 */
import type { AlertContent } from './model';

export const WEBHOOK_SCHEMA_VERSION = 1;

export interface WebhookBody {
  schemaVersion: typeof WEBHOOK_SCHEMA_VERSION;
  source: 'cert-sentinel';
  /** Stable per certificate / probe target / source / digest. */
  dedupeKey: string;
  severity: string;
  /** True when the alert means the problem is over (a rotation, a recovered handshake). */
  resolved: boolean;
  at: string;
  summary: string;
  subject: string;
  details: string[];
  nextSteps: string[];
  owners: string[];
  facts: AlertContent['facts'];
}

export function webhookBody(content: AlertContent): WebhookBody {
  return {
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    source: 'cert-sentinel',
    dedupeKey: content.key,
    severity: content.severity,
    resolved: content.severity === 'rotated' || content.severity === 'probe-recovery',
    at: content.at,
    summary: content.headline,
    subject: content.subject,
    details: content.details,
    nextSteps: content.nextSteps,
    owners: content.owners,
    facts: content.facts,
  };
}

export function renderWebhook(content: AlertContent): string {
  return JSON.stringify(webhookBody(content));
}

/**
 * Slack and Microsoft Teams bodies: the custom-notification event Amazon Q Developer in chat
 * applications (formerly AWS Chatbot) renders when it is the whole SNS message of a topic its
 * channel configuration watches (`version` 1.0, `source` custom, `content` with markdown). The
 * title and description say what e-mail says first (what, when, what breaks, who owns it); the
 * runbook becomes `nextSteps`. Messages about one certificate share a `threadId`, so a channel that
 * threads notifications keeps each certificate's history in one thread.
 */
import type { AlertContent } from './model';

/** Our own bound, so a long blast radius cannot outgrow a chat message (Slack cuts section text at 3,000). */
export const CHAT_DESCRIPTION_MAX = 3000;
export const CHAT_TITLE_MAX = 250;
export const CHAT_STEPS_MAX = 10;

const EMOJI: Record<string, string> = {
  expired: ':rotating_light:',
  critical: ':red_circle:',
  'probe-failure': ':red_circle:',
  'monitor-failure': ':warning:',
  warning: ':large_orange_circle:',
  notice: ':large_yellow_circle:',
  rotated: ':white_check_mark:',
  'probe-recovery': ':white_check_mark:',
  digest: ':calendar:',
  'owner-digest': ':calendar:',
};

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 3)}...`;

export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    additionalContext: Record<string, string>;
  };
}

export function chatNotification(content: AlertContent): ChatNotification {
  const steps = content.nextSteps.slice(0, CHAT_STEPS_MAX);
  if (content.nextSteps.length > CHAT_STEPS_MAX)
    steps.push('More steps in the e-mail and in docs/alerts.md.');
  const keywords = [content.severity, content.facts.org, content.facts.externalSystem].filter(
    (k): k is string => typeof k === 'string' && k !== '',
  );
  const context: Record<string, string> = {};
  for (const [k, v] of Object.entries(content.facts)) if (v !== null) context[k] = String(v);
  return {
    version: '1.0',
    source: 'custom',
    id: `${content.key}@${content.at}`,
    content: {
      textType: 'client-markdown',
      title: clip(`${EMOJI[content.severity] ?? ''} ${content.headline}`.trim(), CHAT_TITLE_MAX),
      description: clip(content.details.map((d) => `• ${d}`).join('\n'), CHAT_DESCRIPTION_MAX),
      nextSteps: steps,
      keywords,
    },
    metadata: {
      threadId: content.key,
      summary: clip(content.headline, CHAT_TITLE_MAX),
      eventType: content.severity,
      additionalContext: context,
    },
  };
}

export function renderChat(content: AlertContent): string {
  return JSON.stringify(chatNotification(content));
}

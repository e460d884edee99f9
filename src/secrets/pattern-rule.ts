import type { SecretLintRuleCreator } from '@secretlint/types';

export interface PatternRuleSpec {
  /** Rule id, `agentver/<name>`, as secretlint ids its rules. */
  id: string;
  messageId: string;
  /** What was found, e.g. `Stripe secret key`; also the finding's kind. */
  label: string;
  /** Global regex; the `secret` named group, when present, is the part reported (and masked). */
  pattern: RegExp;
  /** Matches that only look like secrets (placeholders, templates). */
  ignore?: (secret: string) => boolean;
}

/**
 * A secretlint scanner rule from one regex, written the way the preset's own rules are (a
 * `file` handler that reports ranges through the rule context), so it runs under
 * `@secretlint/core` beside them with the same masking and ignore comments.
 */
export function patternRule(spec: PatternRuleSpec): SecretLintRuleCreator {
  const messages = { [spec.messageId]: { en: (props?: { SECRET: string }) => `found ${spec.label}: ${props?.SECRET ?? ''}` } };
  return {
    messages,
    meta: { id: spec.id, recommended: true, type: 'scanner', supportedContentTypes: ['text'] },
    create(context) {
      const t = context.createTranslator(messages);
      return {
        file(source) {
          for (const match of source.content.matchAll(spec.pattern)) {
            const secret = match.groups?.secret ?? match[0];
            if (spec.ignore?.(secret)) continue;
            const start = (match.index ?? 0) + match[0].indexOf(secret);
            context.report({ message: t(spec.messageId, { SECRET: secret }), range: [start, start + secret.length] });
          }
        },
      };
    },
  };
}

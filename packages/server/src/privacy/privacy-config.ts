/**
 * The privacy settings from the environment: which secrets are masked at rest (BATON_MASK_RULES,
 * rule ids of the engine's masking rules; default all, and payment cards always) and where emails
 * and phones go out in clear (BATON_EXPOSE_CONTACTS=webhooks,export; default neither).
 */
import type { MaskingRule } from '@baton/engine';
import { parseContactExposure, type ContactExposure } from './contact-masking.ts';
import { maskingRulesFor } from './mask-at-rest.ts';

export interface PrivacyConfig {
  maskingRules: readonly MaskingRule[];
  exposeContacts: ContactExposure;
}

/** Reads the privacy settings; throws with a plain message on an unknown rule or destination. */
export function privacyConfigFromEnv(env: NodeJS.ProcessEnv): PrivacyConfig {
  const rules = env['BATON_MASK_RULES']?.trim();
  return {
    maskingRules: maskingRulesFor(
      rules === undefined || rules === ''
        ? undefined
        : rules
            .split(',')
            .map((rule) => rule.trim())
            .filter((rule) => rule !== ''),
    ),
    exposeContacts: parseContactExposure(env['BATON_EXPOSE_CONTACTS']),
  };
}

/** What every webhook use case receives: the database, the settings, the clock and the host resolver. */
import type { Database } from '../storage/database.ts';
import type { WebhookConfig } from './config.ts';
import type { ResolveHost } from './url-safety.ts';

export interface WebhookContext {
  database: Database;
  config: WebhookConfig;
  now: () => Date;
  resolveHost: ResolveHost;
  /** Tells this instance's worker that a delivery is due now (after a replay). */
  kick: () => void;
}

/** The hono environment of Baton's app: the caller's principal, and the Node objects when served by Node. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectorClaims } from '../adapters/bot-framework-auth.ts';
import type { Principal } from '../service/types.ts';

export interface AppEnv {
  Variables: {
    principal: Principal;
    /** Set when the rate limiter already looked the presented key up (`principal` is set if it was valid). */
    keyChecked: boolean;
    /** Why the rate limiter refused the presented key, when it did. */
    keyRefusal: 'unknown' | 'revoked' | 'expired';
    /** Set when a Bot Framework Connector token authenticated the call (its activity checks remain). */
    connectorClaims: ConnectorClaims;
  };
  /** Set by @hono/node-server; absent under `app.request(...)` in tests. */
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse };
}

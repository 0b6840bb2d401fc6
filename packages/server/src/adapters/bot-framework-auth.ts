/**
 * Bot Framework Connector authentication, as the platform does it: the Connector sends each
 * activity with `Authorization: Bearer <JWT>`, signed (RS256) by a key of the JWKS that the OpenID
 * metadata names (`jwks_uri`), issued by `https://api.botframework.com`, for the bot's app id as
 * audience, with a `serviceUrl` claim equal to the activity's `serviceUrl`; and the signing key's
 * `endorsements`, when it lists any, name the activity's channel.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 *
 * The metadata is cached for a day (as Microsoft advises) and the keys by `jose`'s remote key set
 * (refetched at most every 30 s when a token names a kid it does not hold). Time is an input.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/** Microsoft's OpenID metadata for tokens the Bot Framework Connector sends to bots. */
export const BOT_FRAMEWORK_OPENID_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** The issuer of the Connector's tokens. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface ConnectorAuthConfig {
  /** The bot's Microsoft app id: the audience of the Connector's tokens. */
  appId: string;
  /** Where the OpenID metadata is (BATON_BOTFRAMEWORK_OPENID_URL; Microsoft's by default). */
  openIdUrl: string;
  /** Clock skew accepted on `exp` and `nbf` (Microsoft allows 5 minutes). */
  clockToleranceSeconds?: number;
}

/** The verified token: what the route still checks against the activity. */
export interface ConnectorClaims {
  serviceUrl: string | null;
  /** The signing key's endorsements (channel ids), or null when the key lists none. */
  endorsements: string[] | null;
  payload: JWTPayload;
}

export type ConnectorCheck =
  { ok: true; claims: ConnectorClaims } | { ok: false; reason: string; unavailable?: true };

const METADATA_MAX_AGE_MS = 24 * 3_600_000;

/** Whether `token` has the shape of a compact JWS (three base64url parts), as opposed to an API key. */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token) && token.startsWith('eyJ');
}

/** A verifier of Connector tokens for one bot; `now` is the clock the checks use. */
export function connectorTokenVerifier(
  config: ConnectorAuthConfig,
  now: () => Date = () => new Date(),
): (token: string) => Promise<ConnectorCheck> {
  let keys: { jwksUri: string; set: ReturnType<typeof createRemoteJWKSet>; fetchedAt: number } | null = null;

  async function keySet(): Promise<NonNullable<typeof keys>> {
    if (keys && now().getTime() - keys.fetchedAt < METADATA_MAX_AGE_MS) return keys;
    const response = await fetch(config.openIdUrl, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`the OpenID metadata answered ${response.status}`);
    const metadata = (await response.json()) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw new Error('the OpenID metadata has no jwks_uri');
    // A new key set only when the metadata points elsewhere: its cached keys stay warm otherwise.
    const set =
      keys && keys.jwksUri === metadata.jwks_uri
        ? keys.set
        : createRemoteJWKSet(new URL(metadata.jwks_uri), { cacheMaxAge: METADATA_MAX_AGE_MS });
    keys = { jwksUri: metadata.jwks_uri, set, fetchedAt: now().getTime() };
    return keys;
  }

  return async (token) => {
    let current: NonNullable<typeof keys>;
    try {
      current = await keySet();
    } catch (error) {
      return {
        ok: false,
        unavailable: true,
        reason: `The Bot Framework OpenID metadata could not be read (${(error as Error).message}).`,
      };
    }
    try {
      const { payload, protectedHeader } = await jwtVerify(token, current.set, {
        issuer: BOT_FRAMEWORK_ISSUER,
        audience: config.appId,
        algorithms: ['RS256'],
        clockTolerance: config.clockToleranceSeconds ?? 300,
        currentDate: now(),
      });
      const key = current.set.jwks()?.keys.find((candidate) => candidate.kid === protectedHeader.kid);
      const endorsements = (key as { endorsements?: unknown } | undefined)?.endorsements;
      return {
        ok: true,
        claims: {
          serviceUrl: typeof payload['serviceUrl'] === 'string' ? payload['serviceUrl'] : null,
          endorsements: Array.isArray(endorsements) ? endorsements.map(String) : null,
          payload,
        },
      };
    } catch (error) {
      // Not the token's fault: the keys could not be fetched or read (a network error is no JOSEError).
      if (
        !(error instanceof errors.JOSEError) ||
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid
      ) {
        return { ok: false, unavailable: true, reason: 'The Bot Framework signing keys could not be read.' };
      }
      return { ok: false, reason: refusalReason(error) };
    }
  };
}

/** Why a token was refused, in words that name the failed check (never the token). */
function refusalReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The Bot Framework token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'The Bot Framework token is not for this bot (audience).';
    if (error.claim === 'iss') return 'The Bot Framework token is not from the Bot Framework (issuer).';
    return `The Bot Framework token's \`${error.claim}\` claim is not valid.`;
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'The Bot Framework token is signed by an unknown key.';
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return "The Bot Framework token's signature does not verify.";
  }
  return 'The Bot Framework token is not valid.';
}

/**
 * The checks that need the activity: the token's `serviceUrl` claim must equal the activity's
 * `serviceUrl`, and a key with endorsements must endorse the activity's channel. Null when both hold.
 */
export function activityRefusal(
  claims: ConnectorClaims,
  activity: { serviceUrl?: string | undefined; channelId?: string | undefined },
): string | null {
  if (claims.serviceUrl === null || claims.serviceUrl !== activity.serviceUrl) {
    return "The token's serviceUrl claim does not match the activity's serviceUrl.";
  }
  if (claims.endorsements && (!activity.channelId || !claims.endorsements.includes(activity.channelId))) {
    return `The signing key does not endorse the channel ${activity.channelId ?? '(none)'}.`;
  }
  return null;
}

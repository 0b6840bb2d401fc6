/**
 * Compile-time pins: what the webhook operations return must fit the wire schemas the sdk
 * publishes, so the OpenAPI document never promises a shape the server does not send.
 */
import type {
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookSubscriptionSchema,
  WebhookWithSecretSchema,
} from '@baton/sdk';
import type { z } from 'zod';
import type { DeliveryPage, WebhookDelivery, WebhookSubscription, WebhookWithSecret } from './types.ts';

type Fits<Value, Schema extends z.ZodType> = Value extends z.output<Schema> ? true : never;

export type WebhookWireContract = [
  Fits<WebhookSubscription, typeof WebhookSubscriptionSchema>,
  Fits<WebhookWithSecret, typeof WebhookWithSecretSchema>,
  Fits<WebhookDelivery, typeof WebhookDeliverySchema>,
  Fits<DeliveryPage, typeof WebhookDeliveryListSchema>,
];
const pinned: WebhookWireContract = [true, true, true, true];
void pinned;

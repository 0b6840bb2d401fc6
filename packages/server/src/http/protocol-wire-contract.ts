/** Compile-time pins of the request model and customer stream against the sdk's wire schemas (see wire-contract.ts). */
import type {
  CreatedRequestSchema,
  CustomerEventSchema,
  CustomerTokenSchema,
  HandBackSchema,
  PromiseSchema,
  RequestSchema,
} from '@baton/sdk';
import type { z } from 'zod';
import type { CustomerEvent } from '../requests/customer-stream.ts';
import type { CustomerToken } from '../requests/customer-tokens.ts';
import type { CustomerPromise, HandBack } from '../requests/hand-back.ts';
import type { BatonRequest, CreatedRequest } from '../requests/request-types.ts';

type Fits<Value, Schema extends z.ZodType> = Value extends z.output<Schema> ? true : never;

export type ProtocolWireContract = [
  Fits<BatonRequest, typeof RequestSchema>,
  Fits<CreatedRequest, typeof CreatedRequestSchema>,
  Fits<HandBack, typeof HandBackSchema>,
  Fits<CustomerPromise, typeof PromiseSchema>,
  Fits<CustomerToken, typeof CustomerTokenSchema>,
  Fits<CustomerEvent, typeof CustomerEventSchema>,
];
const pinned: ProtocolWireContract = [true, true, true, true, true, true];
void pinned;

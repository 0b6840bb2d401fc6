/** Policy, keys and presence: the routes around the conversations. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  ApiKeyListSchema,
  ApiKeyRecordSchema,
  CallerSchema,
  CreatedKeySchema,
  CreateKeyRequestSchema,
  PolicyDocumentSchema,
  PolicyRecordSchema,
  PresenceRequestSchema,
} from '@baton/sdk';
import { BatonError } from '../../errors.ts';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import { guard, jsonRequest, jsonResponse, problems } from '../route-kit.ts';

/** Registers the policy, key and presence routes. */
export function registerAdminRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/policy',
      operationId: 'getPolicy',
      tags: ['policy'],
      summary: 'The current policy and its version',
      ...guard(service, ['operator']),
      responses: { 200: jsonResponse(PolicyRecordSchema, 'The current policy.'), ...problems() },
    }),
    async (c) => c.json(await service.getPolicy(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/policy',
      operationId: 'updatePolicy',
      tags: ['policy'],
      summary: 'Replace the policy (validated; a new version)',
      description:
        'A `400 invalid_policy` lists each field that failed. Every later decision records the new version.',
      ...guard(service, ['admin'], 'required'),
      request: { body: jsonRequest(PolicyDocumentSchema, 'The policy document.') },
      responses: { 200: jsonResponse(PolicyRecordSchema, 'The new policy version.'), ...problems(413, 415) },
    }),
    async (c) => c.json(await service.putPolicy(c.get('principal'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      operationId: 'getCaller',
      tags: ['keys'],
      summary: 'Who the presented key belongs to: its id, scope, holder and expiry',
      description:
        'Any valid key may ask. A console reads it at sign-in to know the operator by name and to offer ' +
        "only what the key may do (a lead's take-over needs an admin key).",
      ...guard(service, ['agent', 'operator']),
      responses: { 200: jsonResponse(CallerSchema, 'The caller.'), ...problems() },
    }),
    (c) => {
      const principal = c.get('principal');
      return c.json(
        {
          keyId: principal.keyId,
          scope: principal.scope,
          name: principal.name,
          expiresAt: principal.expiresAt ?? null,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/keys',
      operationId: 'createKey',
      tags: ['keys'],
      summary: 'Create an API key (shown once; only its hash is stored)',
      ...guard(service, ['admin'], 'required'),
      request: { body: jsonRequest(CreateKeyRequestSchema, 'The scope and a name for the holder.') },
      responses: { 201: jsonResponse(CreatedKeySchema, 'The key and its record.'), ...problems(413, 415) },
    }),
    async (c) => {
      const { scope, name, expiresAt } = c.req.valid('json');
      return c.json(
        await service.createKey({
          scope,
          name: name ?? `${scope} key`,
          ...(expiresAt !== undefined ? { expiresAt } : {}),
        }),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/keys',
      operationId: 'listKeys',
      tags: ['keys'],
      summary: 'List the API keys (ids, scopes, names and dates; never a secret)',
      ...guard(service, ['admin']),
      responses: { 200: jsonResponse(ApiKeyListSchema, 'Every key, newest first.'), ...problems() },
    }),
    async (c) => c.json({ keys: await service.listKeys() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/keys/{keyId}',
      operationId: 'revokeKey',
      tags: ['keys'],
      summary: 'Revoke an API key, on every instance at once',
      description:
        'The key gets `401 key_revoked` from its next request on, and its open event streams end. Revoking a ' +
        'revoked key changes nothing and answers the same record.',
      ...guard(service, ['admin']),
      request: {
        params: z.object({
          keyId: z.string().min(1).max(64).meta({ description: 'The key id (`GET /v1/keys`).' }),
        }),
      },
      responses: { 200: jsonResponse(ApiKeyRecordSchema, 'The revoked key.'), ...problems(404) },
    }),
    async (c) => {
      const { keyId } = c.req.valid('param');
      const record = await service.revokeKey(keyId);
      if (!record) throw new BatonError('key_not_found', `No API key ${keyId}.`);
      return c.json(record, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/presence',
      operationId: 'setPresence',
      tags: ['operators'],
      summary: "Set the calling operator's presence (online, away, offline) and queues",
      ...guard(service, ['operator'], 'required'),
      request: { body: jsonRequest(PresenceRequestSchema, 'Status and queues.') },
      responses: { 204: { description: 'Recorded.' }, ...problems(413, 415) },
    }),
    async (c) => {
      await service.setPresence(c.get('principal'), c.req.valid('json'));
      return c.body(null, 204);
    },
  );
}

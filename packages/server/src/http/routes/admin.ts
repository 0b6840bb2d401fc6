/** Policy, keys and presence: the routes around the conversations. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  CreatedKeySchema,
  CreateKeyRequestSchema,
  PolicyDocumentSchema,
  PolicyRecordSchema,
  PresenceRequestSchema,
} from '@baton/sdk';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import { guard, jsonRequest, jsonResponse, problems } from '../route-kit.ts';

/** Registers the policy, key and presence routes. */
export function registerAdminRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/policy',
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
      method: 'post',
      path: '/v1/keys',
      tags: ['keys'],
      summary: 'Create an API key (shown once; only its hash is stored)',
      ...guard(service, ['admin'], 'required'),
      request: { body: jsonRequest(CreateKeyRequestSchema, 'The scope and a name for the holder.') },
      responses: { 201: jsonResponse(CreatedKeySchema, 'The key and its record.'), ...problems(413, 415) },
    }),
    async (c) => {
      const { scope, name } = c.req.valid('json');
      return c.json(await service.createKey({ scope, name: name ?? `${scope} key` }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/presence',
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

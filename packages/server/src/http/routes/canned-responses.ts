/**
 * Canned responses: operators read them (the composer's picker), admin keys (leads) create, edit and
 * delete them. An edit names the version it starts from, in the body or as `If-Match`; a stale one
 * is `409 version_conflict`, so two leads never overwrite each other silently.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  CANNED_VARIABLES,
  CannedResponseInputSchema,
  CannedResponseListSchema,
  CannedResponseSchema,
  ListCannedResponsesQuerySchema,
  UpdateCannedResponseSchema,
} from '@baton/sdk';
import { BatonError } from '../../errors.ts';
import type { Service } from '../../service/types.ts';
import type { AppEnv } from '../env.ts';
import {
  guard,
  idempotencyHeaders,
  jsonRequest,
  jsonResponse,
  problems,
  writeOptions,
} from '../route-kit.ts';

const params = z.object({
  id: z.string().min(1).max(64).meta({ description: 'The canned response id (`cr_...`).' }),
});

const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'The version the edit starts from, as the `ETag` gave it (`"3"`).' }),
});

/** The version in an `If-Match` header (`"3"`, `W/"3"` or `3`), or undefined when absent. */
function versionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!match) {
    throw new BatonError('invalid_request', 'If-Match must be the version the ETag gave, such as "3".', {
      errors: [{ path: 'If-Match', message: 'not a version' }],
    });
  }
  return Number(match[1]);
}

const etag = (version: number) => `"${version}"`;

/** Registers the canned-response routes. */
export function registerCannedResponseRoutes(app: OpenAPIHono<AppEnv>, service: Service): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/canned-responses',
      operationId: 'listCannedResponses',
      tags: ['canned-responses'],
      summary: 'Canned responses for a team and language first, then the general ones',
      ...guard(service, ['operator']),
      request: { query: ListCannedResponsesQuerySchema },
      responses: { 200: jsonResponse(CannedResponseListSchema, 'The responses.'), ...problems() },
    }),
    async (c) => {
      const responses = await service.listCannedResponses(c.req.valid('query'));
      return c.json({ responses, variables: [...CANNED_VARIABLES] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/canned-responses',
      operationId: 'createCannedResponse',
      tags: ['canned-responses'],
      summary: 'Create a canned response (admin)',
      description:
        'A body naming a variable Baton cannot fill is `400 unknown_variable` (`variables` lists them); a ' +
        'shortcut another response of the same team and language has is `409 shortcut_taken`.',
      ...guard(service, ['admin'], 'required'),
      request: {
        headers: idempotencyHeaders,
        body: jsonRequest(CannedResponseInputSchema, 'The response.'),
      },
      responses: {
        201: jsonResponse(CannedResponseSchema, 'The response, at version 1.'),
        ...problems(409, 413, 415, 422),
      },
    }),
    async (c) => {
      const created = await service.createCannedResponse(
        c.get('principal'),
        c.req.valid('json'),
        writeOptions(c.req.valid('header')),
      );
      c.header('ETag', etag(created.version));
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/canned-responses/{id}',
      operationId: 'updateCannedResponse',
      tags: ['canned-responses'],
      summary: 'Edit a canned response from the version you read (admin)',
      description:
        'Send the version the edit starts from as `version` or `If-Match` (one is required); when someone ' +
        'changed it since, the answer is `409 version_conflict` with the `current` response.',
      ...guard(service, ['admin'], 'required'),
      request: {
        params,
        headers: ifMatchHeaders,
        body: jsonRequest(UpdateCannedResponseSchema, 'The new fields and the version they replace.'),
      },
      responses: {
        200: jsonResponse(CannedResponseSchema, 'The response, one version later.'),
        ...problems(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const { version: bodyVersion, ...input } = c.req.valid('json');
      const version = versionOf(c.req.valid('header')['if-match']) ?? bodyVersion;
      if (version === undefined) {
        throw new BatonError(
          'invalid_request',
          'Say which version you edit: `version` in the body, or If-Match.',
          {
            errors: [{ path: 'version', message: 'required' }],
          },
        );
      }
      const updated = await service.updateCannedResponse(c.get('principal'), c.req.valid('param').id, {
        ...input,
        version,
      });
      c.header('ETag', etag(updated.version));
      return c.json(updated, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/canned-responses/{id}',
      operationId: 'deleteCannedResponse',
      tags: ['canned-responses'],
      summary: 'Delete a canned response (admin)',
      description: 'With `If-Match`, only that version is deleted (else `409 version_conflict`).',
      ...guard(service, ['admin']),
      request: { params, headers: ifMatchHeaders },
      responses: { 204: { description: 'Deleted.' }, ...problems(404, 409) },
    }),
    async (c) => {
      await service.deleteCannedResponse(
        c.req.valid('param').id,
        versionOf(c.req.valid('header')['if-match']),
      );
      return c.body(null, 204);
    },
  );
}

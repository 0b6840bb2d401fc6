/** Baton's sdk: the wire schemas of the HTTP API (the client comes in a later issue). */
export * from './schemas.ts';

# syntax=docker/dockerfile:1
# Baton in a container: built in one stage, run in another as an unprivileged user.
#   docker build -t baton .
#   docker run -p 3000:3000 -v baton-data:/data baton            # embedded PGlite in /data
#   docker compose up                                            # with PostgreSQL (compose.yaml)
# See docs/deployment.md.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# The manifests first, so the dependency layer is cached until they change.
COPY package.json package-lock.json ./
COPY packages/engine/package.json packages/engine/
COPY packages/sdk/package.json packages/sdk/
COPY packages/server/package.json packages/server/
COPY packages/console/package.json packages/console/
RUN npm ci --no-audit --no-fund
COPY . .
# `npm run build` makes everything `npm start` runs (the console, and compiled code where there is a
# build); then the development dependencies go.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    BATON_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
# Ready, not only alive: /readyz fails while the database cannot take a write.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The build is done: skip `prestart` (which would rebuild a stale console with dev tools now gone).
CMD ["npm", "start", "--ignore-scripts"]

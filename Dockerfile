# Comanda on Node. The server is compiled to one ES module at build time and run by `node` itself:
# Node is PID 1, so `docker stop`'s SIGTERM reaches it directly and it drains (requests in flight
# finish, live screens are told to reconnect) and exits 0. No npm or tsx in the signal path.
# Debian slim rather than Alpine: the lockfile is made on glibc machines, and every native
# dependency (@node-rs/bcrypt, sharp, esbuild) has a glibc binary in it for sure.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall patches the Postgres driver (see the script) as part of npm ci.
COPY scripts/patch-postgres.mjs ./scripts/
# Runtime dependencies only; vitest, wrangler, Vite and biome are not needed to run. tsx (and the
# esbuild it carries) runs `npm start` from the TypeScript sources; the image runs the compiled
# server instead, so they go too.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
  && rm -rf node_modules/tsx node_modules/esbuild node_modules/@esbuild

# The PWA and the server bundle are built with the dev dependencies, in a stage of their own.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/patch-postgres.mjs ./scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY worker ./worker
COPY pwa ./pwa
RUN npx tsx pwa/build.ts && npm run build:server

FROM node:20-bookworm-slim
WORKDIR /app
# /data holds the uploads and, when no DATABASE_URL is given, the embedded PGlite database and its
# generated JWT secret; one volume there keeps everything a restart must not lose.
ENV NODE_ENV=production \
    PORT=8020 \
    DATA_DIR=/data \
    UPLOADS_DIR=/data/uploads
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY migrations ./migrations
# Only what runs: the compiled server (it finds ../../../migrations from where its source was),
# and the built app. No sources, tests or fixtures.
COPY --from=build /app/worker/dist ./worker/dist
COPY --from=build /app/pwa/dist ./pwa/dist
# The image's /data ownership is copied into a fresh named volume, so the app can write to it.
RUN mkdir -p /data/uploads && chown -R node:node /data
USER node
VOLUME /data
EXPOSE 8020
STOPSIGNAL SIGTERM
# Liveness only (/healthz needs no database): /readyz would mark the container unhealthy while
# Postgres restarts, and Docker cannot do anything useful about that.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8020)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "worker/dist/runtime/node.mjs"]

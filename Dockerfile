# Comanda on Node, run exactly as `npm start` runs it (tsx, no compile step).
# Debian slim rather than Alpine: the lockfile is made on glibc machines, and every native
# dependency (@node-rs/bcrypt, sharp, esbuild) has a glibc binary in it for sure.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall patches the Postgres driver (see the script) as part of npm ci.
COPY scripts/patch-postgres.mjs ./scripts/
# Runtime dependencies only: tsx is one of them; vitest, wrangler and biome are not needed here.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The PWA is built with the dev dependencies (Vite and its plugins), in a stage of its own.
FROM node:20-bookworm-slim AS pwa
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/patch-postgres.mjs ./scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY worker ./worker
COPY pwa ./pwa
RUN npx tsx pwa/build.ts

FROM node:20-bookworm-slim
WORKDIR /app
# /data holds the uploads and, when no DATABASE_URL is given, the embedded PGlite database and its
# generated JWT secret; one volume there keeps everything a restart must not lose.
ENV NODE_ENV=production \
    PORT=8020 \
    DATA_DIR=/data \
    UPLOADS_DIR=/data/uploads
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY migrations ./migrations
COPY worker ./worker
COPY scripts ./scripts
COPY pwa ./pwa
# The built app, with its source hash: `npm start` finds it current and serves it as is.
COPY --from=pwa /app/pwa/dist ./pwa/dist
# The image's /data ownership is copied into a fresh named volume, so the app can write to it.
RUN mkdir -p /data/uploads && chown -R node:node /data
USER node
VOLUME /data
EXPOSE 8020
# Liveness only (/healthz needs no database): /readyz would mark the container unhealthy while
# Postgres restarts, and Docker cannot do anything useful about that.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8020)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["npm", "start"]

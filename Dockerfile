# syntax=docker/dockerfile:1
# One image for both processes: the API by default, the worker with
#   command: ["node", "dist/apps/worker/src/main.js"]

FROM node:20-bookworm AS build
WORKDIR /app
# The postinstall script skips fetching a Temporal CLI when TEMPORAL_CLI_PATH is set; containers talk to a
# real Temporal server and never start the dev server.
ENV TEMPORAL_CLI_PATH=/bin/true
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY temporal/cli.json ./temporal/cli.json
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY temporal ./temporal
# Compiles to dist/ and writes the pre-built workflow bundle dist/workflow-bundle.js.
RUN npm run build \
 && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000 9464
CMD ["node", "dist/apps/api/src/main.js"]

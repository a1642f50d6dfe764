# Multi-stage build of the API with the built front end. Used by docker-compose.yml on servers,
# where PostgreSQL runs in its own container (DATABASE_URL): the image has no embedded PostgreSQL.
FROM node:20-slim AS build
WORKDIR /app
ENV CI=true
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY apps/api/package.json apps/api/
COPY apps/survey-ui/package.json apps/survey-ui/
COPY packages/schema/package.json packages/schema/
COPY packages/disclosure/package.json packages/disclosure/
# Installed inside this stage, so every platform package (@node-rs/argon2's binary, …) is the one
# for the image's own architecture.
RUN npx -y pnpm@12.4.2 install --frozen-lockfile
COPY . .
# The front end (apps/survey-ui/dist) and the API compiled to JavaScript (apps/api/dist).
RUN npx -y pnpm@12.4.2 build
# apps/api's package.json lists only dist/ as its files: the deployed folder holds the compiled
# API and its production dependencies, without dev dependencies (tsx, esbuild, TypeScript,
# embedded-postgres) or the workspace packages' TypeScript sources, which are bundled into dist/.
RUN npx -y pnpm@12.4.2 --filter @uwe/api deploy --prod /deploy

FROM node:20-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 UWE_DATA_DIR=/app/.data
# The repository's layout for what the API reads at run time (apps/api/src/paths.ts): the API in
# apps/api, the SQL migrations in migrations/, the built front end in apps/survey-ui/dist.
WORKDIR /app/apps/api
COPY --from=build /deploy /app/apps/api
COPY --from=build /app/migrations /app/migrations
COPY --from=build /app/apps/survey-ui/dist /app/apps/survey-ui/dist
# The code stays owned by root and read-only for the server; it may write only its data folder.
RUN mkdir /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The server applies pending migrations at start; `node dist/migrate.js` applies them alone.
CMD ["node", "--enable-source-maps", "dist/server.js"]

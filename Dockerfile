# Multi-stage build of the API with the built front end. Used by docker-compose.yml on servers.
FROM node:20-slim AS build
WORKDIR /app
ENV CI=true
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY apps/api/package.json apps/api/
COPY apps/survey-ui/package.json apps/survey-ui/
COPY packages/schema/package.json packages/schema/
RUN npx -y pnpm@12.4.2 install --frozen-lockfile
COPY . .
RUN npx -y pnpm@12.4.2 --filter @uwe/survey-ui build

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 UWE_DATA_DIR=/app/.data
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "apps/api/node_modules/tsx/dist/cli.mjs", "apps/api/src/server.ts"]

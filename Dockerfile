# The Readiness GitHub App on Node 24 LTS. Build: docker build -t readiness .
# Run:      docker run --env-file .env -p 3000:3000 readiness   (variables: .env.example)
# Register: cp .env.example .env, then (NODE_ENV=production refuses to serve the registration page)
#           docker run --rm -e NODE_ENV=development --user "$(id -u)" -v "$PWD/.env:/app/.env" -p 3000:3000 readiness

# Build stage: dev dependencies and the bundler stay here.
FROM node:24.22.3-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY scripts ./scripts
COPY checklists ./checklists
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: compiled code, production dependencies and the checklist, run as the unprivileged node user.
FROM node:24.22.3-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json app.yml ./
COPY --chown=node:node checklists ./checklists
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains the audit queue: audits in flight get SHUTDOWN_GRACE_SECONDS (15) to finish, then complete
# their check runs as neutral; give the container about 30 s to stop (docker run --stop-timeout 30).
STOPSIGNAL SIGTERM
CMD ["node", "dist/app/main.js"]

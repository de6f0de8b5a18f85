# syntax=docker/dockerfile:1
# The `evse` command in a container (issue 14 item 6; deploy/k8s/ runs it on Kubernetes).
# Multi-platform: docker buildx build --platform linux/amd64,linux/arm64 -t evse:0.1.0 .
# The runtime image holds only Node.js and `evse` installed from the packed tarballs with
# npm, exactly as docs/install-pi.md installs it on a Pi: built JavaScript and production
# dependencies, no sources, no pnpm, no compiler.

# --- build: the workspace built and packed, then installed into /opt/evse ---------------
FROM node:20-slim AS build
# better-sqlite3 (evse central --db) downloads a prebuilt addon for linux x64/arm64 and
# compiles it only when none can be fetched: the toolchain for that case stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole workspace: pnpm-workspace.yaml links a test-only package under packages/.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json tsconfig.json ./
COPY packages packages
COPY apps apps
RUN npx -y pnpm@10.34.9 install --frozen-lockfile
RUN npx -y pnpm@10.34.9 -r build \
 && npx -y pnpm@10.34.9 -r pack --pack-destination /pack \
 && rm /pack/evse-monorepo-*.tgz
RUN npm install --global --prefix /opt/evse --no-audit --no-fund /pack/*.tgz \
 && npm cache clean --force

# --- runtime: Node.js and the installed `evse`, run as an unprivileged user ---------------
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PATH=/opt/evse/bin:$PATH
COPY --from=build /opt/evse /opt/evse
# The node image's own unprivileged user (uid 1000); /data for --db, --queue, --state-file.
RUN mkdir /data && chown node:node /data
USER node
WORKDIR /data
# central 8180, emulate 8023 (RAPI over TCP) and 8024 (dashboard and control API)
EXPOSE 8180 8023 8024
ENTRYPOINT ["evse"]
CMD ["--help"]

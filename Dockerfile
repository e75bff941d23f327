# The genesys-etl CLI with its pinned dbt toolchain, for Cloud Run jobs, Cloud Composer or any
# container runtime. The entrypoint is the CLI, so the arguments are the command:
#   docker run --rm IMAGE demo            # the bundled sandbox end to end, no credentials
#   docker run --rm --env-file prod.env IMAGE run
#   docker run --rm IMAGE status --json
# Nothing secret is in the image: configuration comes from environment variables (.env.example;
# on Google Cloud, secrets from Secret Manager as variables) and Google credentials from the
# runtime's service account (Application Default Credentials).

# Any Debian-based Node 24 image (the official one by default); override with
# --build-arg NODE_IMAGE=... for a mirror.
ARG NODE_IMAGE=node:24-slim
FROM ${NODE_IMAGE}

# Python 3 with venv for dbt (scripts/setup-python.ts builds /app/.venv from the lock file).
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates tini \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --create-home --home-dir /home/etl etl \
    && install -d -o etl -g etl /data

WORKDIR /app
ENV NODE_ENV=production \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Dependencies first (a layer that changes only with the lock files): npm ci without the dev
# dependencies, whose postinstall creates .venv with the pinned dbt-core, dbt-duckdb, dbt-bigquery.
COPY package.json package-lock.json ./
COPY scripts/setup-python.ts scripts/
COPY models/requirements.lock.txt models/
RUN npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force \
    && rm -rf /root/.cache

# The sources (see .dockerignore), owned by root and read-only to the runtime user.
COPY . .

# Runtime: a non-root user; local state (the embedded stage and warehouse, dbt's target and
# logs) under /data and /tmp, both writable. The production path sets STAGE_URI=gs://... and
# WAREHOUSE_URI=bigquery://... instead, and keeps nothing on the container's disk.
USER etl
ENV STAGE_URI=file:///data/stage \
    WAREHOUSE_URI=duckdb:///data/warehouse.duckdb \
    DBT_TARGET_PATH=/tmp/dbt/target \
    DBT_LOG_PATH=/tmp/dbt/logs
VOLUME ["/data"]
# tini forwards SIGTERM (Cloud Run's stop signal) to the CLI, which finishes the windows being
# committed and exits 130; a second signal stops it at once.
ENTRYPOINT ["tini", "--", "node", "/app/scripts/cli.ts"]
CMD ["--help"]

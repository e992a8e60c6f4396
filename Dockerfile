# One container: the Bun server, its SQLite file and the uploaded files on the /data volume.
FROM oven/bun:1.4-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN bun install --production --frozen-lockfile --ignore-scripts
COPY src ./src
COPY views ./views
COPY static ./static
COPY migrations ./migrations
COPY tsconfig.json bunfig.toml ./
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
RUN mkdir -p /data && chown bun:bun /data
USER bun
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD bun -e "fetch('http://localhost:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["bun", "src/server.ts"]

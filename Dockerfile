# mobi: one image for `mobi serve` (web chat, adapters, scheduler).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY nlu ./nlu
COPY actions ./actions
COPY integrations ./integrations
RUN pip install --no-cache-dir .
COPY docker/entrypoint.sh /usr/local/bin/mobi-entrypoint
ENV MOBI_HOME=/data MOBI_HOST=0.0.0.0 MOBI_PORT=8080
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["sh", "/usr/local/bin/mobi-entrypoint"]

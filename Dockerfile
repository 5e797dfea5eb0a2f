# The directive-graph API and explorer. `docker compose up` runs it against Neo4j;
# alone: docker run -p 127.0.0.1:8000:8000 IMAGE directive-graph serve --host 0.0.0.0
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
COPY viz ./viz
COPY synth ./synth
COPY tests/fixtures/seeds ./tests/fixtures/seeds
RUN pip install . \
    && useradd --create-home --uid 10001 app \
    && mkdir -p /corpus /data \
    && chown app:app /corpus /data

USER app
EXPOSE 8000
# The server binds 127.0.0.1 unless told otherwise: compose passes --host 0.0.0.0.
CMD ["directive-graph", "serve"]

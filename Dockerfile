# Sleuth API image: CPU only (the embedders and re-ranker run on onnxruntime/numpy; no torch).
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    SLEUTH_DATA_DIR=/data HF_HUB_OFFLINE=1
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so code changes do not re-install them.
COPY pyproject.toml README.md ./
RUN mkdir -p agent tools graphs api && touch agent/__init__.py tools/__init__.py graphs/__init__.py api/__init__.py \
    && pip install . && pip uninstall -y sleuth
COPY agent ./agent
COPY tools ./tools
COPY graphs ./graphs
COPY api ./api
COPY models ./models
RUN pip install --no-deps . && useradd --create-home --uid 10001 sleuth && mkdir -p /data && chown sleuth /data
USER sleuth
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
    CMD curl -fsS http://127.0.0.1:8000/readyz || exit 1
CMD ["sleuth", "serve", "--host", "0.0.0.0", "--port", "8000"]

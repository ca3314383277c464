# Accord's production image: daphne serves HTTP and websockets; the same image runs workers.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ACCORD_VAR_DIR=/var/lib/accord
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext fonts-liberation2 fonts-dejavu-core \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app accord \
    && mkdir -p /var/lib/accord && chown accord /var/lib/accord
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY pyproject.toml README.md ./
COPY accord/ accord/
COPY proposals/ proposals/
COPY realtime/ realtime/
COPY submissions/ submissions/
COPY manage.py ./
RUN pip install --no-cache-dir --no-deps .
COPY --from=frontend /src/frontend/dist frontend/dist
# Static files are collected at build time with throw-away settings; nothing secret is baked in.
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --no-input -v 0 \
    && DEBUG=1 python manage.py compilemessages -v 0
USER accord
EXPOSE 8000
# realtime.serve: daphne with its websocket message limit from ACCORD_WS_MAX_MESSAGE_BYTES.
CMD ["python", "-m", "realtime.serve", "--bind", "0.0.0.0", "--port", "8000", "--proxy-headers", "accord.asgi:application"]

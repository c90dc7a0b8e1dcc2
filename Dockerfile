# The production image: gunicorn + whitenoise for the web (behind the nginx proxy of
# docker-compose.yml), the same image for the Celery workers and beat.

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint renders certificates with Pango and HarfBuzz.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY --from=assets /app/node_modules ./node_modules
COPY . .
RUN DEBUG=false SECRET_KEY=image-build-only python manage.py compile_translations \
    && DEBUG=false SECRET_KEY=image-build-only python manage.py collectstatic --noinput -v 0 \
    && useradd --system --home /app portal \
    && mkdir -p /app/media \
    && chown portal /app/media
USER portal
EXPOSE 8000
# Workers, threads, timeouts: gunicorn.conf.py (measured; see the README).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "partner_portal.wsgi:application"]

# Records, provider, admin and NLG service (FastAPI). Build from the repository root:
#   docker build -f deploy/containers/api.Dockerfile -t frontdoor-api .
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app
WORKDIR /app
COPY requirements/api.lock requirements/api.lock
RUN pip install --no-cache-dir -r requirements/api.lock
COPY api/ api/
# The published secrets production refuses (api/core/environment.py reads .env.example).
COPY .env.example ./
COPY locales/ locales/
COPY docs/assessment.md docs/assessment.md
RUN pybabel -q compile -d locales -D frontdoor && useradd --system --uid 10001 frontdoor
USER 10001
EXPOSE 8000
# Migrations run once per release as a Job: alembic -c api/alembic.ini upgrade head
CMD ["uvicorn", "--factory", "api.app:create_app", "--host", "0.0.0.0", "--port", "8000", \
     "--no-access-log"]

# Rasa server + custom Twilio channels, and the action server (same image, different command).
# Build from the repository root after `make setup` has trained models/current.tar.gz:
#   docker build -f deploy/containers/bot.Dockerfile -t frontdoor-bot .
FROM python:3.10-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
WORKDIR /app
COPY requirements/bot.lock requirements/bot.lock
RUN pip install --no-cache-dir -r requirements/bot.lock
COPY bot/ bot/
COPY actions/ actions/
# The pure modules both environments share (standard library and `cryptography` only): the run
# mode and published secrets (api/core/environment.py, which reads .env.example), the data keys
# and the conversation store's sealing (tests/setup/test_containers.py keeps this list whole).
COPY api/__init__.py api/__init__.py
COPY api/core/__init__.py api/core/environment.py api/core/data_keys.py api/core/
COPY api/conversations/__init__.py api/conversations/cipher.py api/conversations/
COPY .env.example ./
COPY locales/ locales/
COPY models/current.tar.gz models/current.tar.gz
RUN useradd --system --uid 10001 frontdoor
USER 10001
EXPOSE 5005 5055
# Scale-out endpoints (Redis trackers + locks); override the command for the action server
# (ACTIONS_HOST: the address to bind, loopback unless set) or the scheduler:
#   python -m actions.server        python -m bot.scheduler
CMD ["python", "-m", "bot.server", "run", "--model", "models/current.tar.gz", "--credentials", "bot/credentials.yml", \
     "--endpoints", "bot/endpoints.scaled.yml", "--port", "5005"]

# Front Door: two commands for a newcomer, `make run` and `make test`. See README.md.
.PHONY: setup run test chat lint format run-scaled bench fuzz

setup:
	@scripts/setup

run: setup
	@scripts/run

test: setup
	@scripts/test

run-scaled: setup
	@scripts/run-scaled

bench: setup
	@scripts/bench $(ARGS)

fuzz: setup
	@.venv/bot/bin/python -m bench.fuzz $(ARGS)

chat:
	@.venv/bot/bin/python -m bot.simulator $(ARGS)

lint:
	@.venv/api/bin/ruff check .
	@.venv/api/bin/ruff format --check .

format:
	@.venv/api/bin/ruff format .
	@.venv/api/bin/ruff check --fix .

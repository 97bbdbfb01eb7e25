"""The run mode and the secrets, shared by every process and by scripts/setup.

Development is explicit: only FRONTDOOR_ENV=development is. Any other value, or none, is
production, where every secret published in .env.example (names ending in _TOKEN, _KEY, _PASSWORD
or _SECRET) is refused. `python -m api.core.environment write-secrets .env` replaces the published
values in a .env file with random ones (what scripts/setup runs).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

DEVELOPMENT = "development"
SECRET_SUFFIXES = ("_TOKEN", "_KEY", "_PASSWORD", "_SECRET")
EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


class PlaceholderSecretError(RuntimeError):
    """A production process was given a published (or no) value for a secret."""


def is_development(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether FRONTDOOR_ENV says development; anything else is production."""
    return environ.get("FRONTDOOR_ENV", "").strip() == DEVELOPMENT


def is_secret(name: str) -> bool:
    """Whether a setting is a secret, by its name."""
    return name.endswith(SECRET_SUFFIXES)


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines of a .env file (comments, blanks and malformed lines skipped)."""
    values: dict[str, str] = {}
    for raw in path.read_text().splitlines():
        line = raw.strip().removeprefix("export ")
        key, equals, value = line.partition("=")
        if not equals or line.startswith("#") or not key.isidentifier():
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def published_secrets(example: Path = EXAMPLE) -> dict[str, str]:
    """Each secret's published value in .env.example (secrets left empty there are skipped)."""
    if not example.exists():
        raise PlaceholderSecretError(
            f"{example} is missing, so the published placeholder secrets can't be refused; "
            "ship it with the code"
        )
    return {k: v for k, v in read_env_file(example).items() if is_secret(k) and v}


def placeholder_problems(
    values: Mapping[str, str | None], required: Iterable[str] = (), example: Path = EXAMPLE
) -> list[str]:
    """Why these secret values can't be used in production (empty when they can)."""
    published = published_secrets(example)
    problems = [f"{name} is not set" for name in required if not values.get(name)]
    problems += [
        f"{name} is the value published in .env.example"
        for name, value in values.items()
        if value and published.get(name) == value
    ]
    return problems


def refuse_placeholders(
    environ: Mapping[str, str] = os.environ, required: Sequence[str] = ()
) -> None:
    """In production, refuse to start with a published or missing secret; a no-op in development."""
    if is_development(environ):
        return
    secret_values = {name: value for name, value in environ.items() if is_secret(name)}
    problems = placeholder_problems(secret_values, required)
    if problems:
        raise PlaceholderSecretError(production_message(problems))


def production_message(problems: Iterable[str]) -> str:
    """The refusal, naming each variable and both ways out."""
    return (
        "; ".join(problems) + ". FRONTDOOR_ENV is not 'development', so this runs as production: "
        "set secret values in the environment (or FRONTDOOR_ENV=development on a development "
        "machine, as scripts/setup writes into .env)"
    )


def write_secrets(dotenv: Path, keep: Iterable[str] = (), example: Path = EXAMPLE) -> list[str]:
    """Give each secret in `dotenv` still at its published value (or empty) a random value;
    the names written. Secrets named in `keep` are left alone."""
    published, kept = published_secrets(example), set(keep)
    lines, written = [], []
    for line in dotenv.read_text().splitlines():
        name, equals, value = line.partition("=")
        if equals and is_secret(name) and name not in kept and value in ("", published.get(name)):
            line = f"{name}={secrets.token_urlsafe(32)}"
            written.append(name)
        lines.append(line)
    if written:
        dotenv.write_text("\n".join(lines) + "\n")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """`write-secrets DOTENV [--keep NAME]…`: print each secret given a random value."""
    parser = argparse.ArgumentParser(prog="python -m api.core.environment", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("write-secrets", help="random values for published secrets")
    write.add_argument("dotenv", type=Path)
    write.add_argument("--keep", action="append", default=[], help="leave this secret alone")
    args = parser.parse_args(argv)
    for name in write_secrets(args.dotenv, args.keep):
        sys.stdout.write(f"{name}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Catalog maintenance with Babel: extract, update and compile (one definition of the flags)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from api.settings import REPO_ROOT

DOMAIN = "frontdoor"
PROJECT = "Front Door"
BUGS_ADDRESS = "https://github.com/front-door/front-door/issues"
COPYRIGHT = "Front Door contributors"


def extract_args(output: Path, root: Path = REPO_ROOT) -> list[str]:
    """pybabel arguments that extract every response text to a .pot file."""
    return [
        "pybabel",
        "-q",
        "extract",
        "-F",
        str(root / "locales" / "babel.cfg"),
        "--no-default-keywords",
        "-k",
        "P_:1c,2",
        "--add-comments=TRANSLATORS:",
        "--add-location=file",
        "--sort-by-file",
        "--project",
        PROJECT,
        "--version",
        "0.1.0",
        "--copyright-holder",
        COPYRIGHT,
        "--msgid-bugs-address",
        BUGS_ADDRESS,
        "-o",
        str(output),
        "api/nlg",
        "api/flows",
    ]


def _run(args: list[str]) -> None:
    """Run a pybabel command in-process."""
    CommandLineInterface().run(args)


def extract(output: Path, root: Path = REPO_ROOT) -> None:
    """Extract the template catalog (run from the repository root)."""
    _run(extract_args(output, root))


def update(locales_dir: Path) -> None:
    """Merge the template into every language's .po (keeps translator comments)."""
    _run(
        [
            "pybabel",
            "-q",
            "update",
            "-D",
            DOMAIN,
            "-i",
            str(locales_dir / f"{DOMAIN}.pot"),
            "-d",
            str(locales_dir),
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        ]
    )


def compile_catalogs(locales_dir: Path) -> None:
    """Compile every .po to the .mo the NLG endpoint reads."""
    _run(["pybabel", "-q", "compile", "-D", DOMAIN, "-d", str(locales_dir), "--statistics"])

"""Fail when pyproject.toml declares a package that the lock files do not pin.

`make lock` writes requirements/base.txt (production) and requirements/dev.txt (tests, tools)
with hashes; this check runs offline in `make lint` and after every install, so a dependency added
to pyproject.toml without `make lock` is caught before it reaches CI or the image.
"""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: list[str]) -> set[str]:
    return {canonical(re.split(r"[\s<>=!~;\[(]", line, maxsplit=1)[0]) for line in requirements}


def pinned(lock: Path) -> set[str]:
    pattern = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==", re.MULTILINE)
    return {canonical(name) for name in pattern.findall(lock.read_text())}


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = declared(project["dependencies"])
    dev = base | declared(project["optional-dependencies"]["dev"])
    problems = []
    for lock_name, wanted in (("base.txt", base), ("dev.txt", dev)):
        lock = ROOT / "requirements" / lock_name
        if not lock.exists():
            problems.append(f"requirements/{lock_name} is missing")
            continue
        missing = sorted(wanted - pinned(lock))
        if missing:
            problems.append(f"requirements/{lock_name} does not pin: {', '.join(missing)}")
    for problem in problems:
        print(f"lock check: {problem} (run `make lock`)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m bench`` (``make bench``): run every benchmark module in turn.

``python -m bench NAME [NAME ...]`` runs only those (``documents`` or ``bench_documents``);
options after the names (``python -m bench documents --source samples``) go to the benchmark
when exactly one is named, otherwise each runs on its defaults.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path


def main() -> int:
    failures = 0
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if m.name.startswith("bench_"))
    args = sys.argv[1:]
    split = next((i for i, a in enumerate(args) if a.startswith("-")), len(args))
    only, options = set(args[:split]), args[split:]
    if options and len(only) != 1:
        print("options go to one benchmark: python -m bench NAME --option ...", file=sys.stderr)
        return 2
    for name in names:
        if only and name not in only and name.removeprefix("bench_") not in only:
            continue
        print(f"\n##### {name}", flush=True)
        saved = sys.argv
        sys.argv = [name, *options]  # each benchmark parses its own options
        try:
            module = importlib.import_module(f"bench.{name}")
            module.main()
        except (Exception, SystemExit):
            failures += 1
            traceback.print_exc()
        finally:
            sys.argv = saved
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

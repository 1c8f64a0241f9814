"""``python -m bench`` (``make bench``): run every benchmark module in turn."""

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
    only = set(sys.argv[1:])
    for name in names:
        if only and name not in only and name.removeprefix("bench_") not in only:
            continue
        print(f"\n##### {name}", flush=True)
        saved = sys.argv
        sys.argv = [name]  # each benchmark parses its own options; run them on defaults
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

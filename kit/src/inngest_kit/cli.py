"""`inngest-kit`: the kit's command line.

  inngest-kit server build|path|version   the pinned Inngest server binary
  inngest-kit dev                         run a dev server on loopback until Ctrl-C
"""

from __future__ import annotations

import sys

from . import server


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["server"]:
        return server.main(args[1:])
    if args[:1] == ["dev"]:
        return server.main(args)
    print(__doc__.strip())
    return 0 if args[:1] in (["-h"], ["--help"]) else 2


if __name__ == "__main__":
    sys.exit(main())

"""`inngest-kit`: the kit's command line.

  inngest-kit server which|build|path|version   the Inngest server binary
  inngest-kit dev [--fast] [--port P]     run a dev server on loopback until Ctrl-C
  inngest-kit lint [--static|--server] PATH...   inngest-lint (see `inngest-kit lint --help`)
"""

from __future__ import annotations

import sys

from . import server


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["server"]:
        return server.main(args[1:])
    if args[:1] == ["dev"]:
        return server.main(args, prog="inngest-kit")
    if args[:1] == ["lint"]:
        from .lint.cli import main as lint_main

        return lint_main(args[1:], prog="inngest-kit lint")
    print(__doc__.strip())
    return 0 if args[:1] in (["-h"], ["--help"]) else 2


if __name__ == "__main__":
    sys.exit(main())

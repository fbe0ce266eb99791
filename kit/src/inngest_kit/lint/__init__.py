"""inngest-lint: find what the Inngest Python SDK and server would reject, before anything runs.

Three layers, each a superset of the one before:
  static  the AST of each file (`inngest-lint --static`): execution-model pitfalls, SDK
          signatures, durations, credentials, match expressions parsed with cel-python
  sdk     (the default) also imports each module and builds every function's config with
          the SDK's own models, as a sync does
  server  (`--server`) also serves each app and syncs it against a throwaway real Inngest
          server, reporting what the server refuses or changes (`server_check`)
"""

from .rules import ALL_RULE_IDS, RULES, Finding, Rule
from .static import ParseError, lint_source

__all__ = ["ALL_RULE_IDS", "RULES", "Finding", "ParseError", "Rule", "lint_source"]

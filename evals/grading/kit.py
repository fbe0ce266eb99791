"""The one place the evals import the server-driving code from.

Graders use the project's kit (DevServer, InngestAPI, ServedProcess, the
self-hosted server); nothing in evals/ talks GraphQL or starts a server itself.
"""

from harness.inngest_api import InngestAPI, InngestAPIError, Run, now_rfc3339, unique  # noqa: F401
from harness.self_hosted import ProductionProcess, SelfHostedServer, sdk_signing_key  # noqa: F401
from harness.served_app import SERVE_PATH, ServedProcess  # noqa: F401
from scripts.inngest_server import BuildError, DevServer, build, free_port  # noqa: F401

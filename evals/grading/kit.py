"""The one place the evals import the server-driving code from: the project's kit.

Graders use inngest_kit (DevServer, InngestAPI, ServedProcess, the self-hosted server);
nothing in evals/ talks GraphQL or starts a server itself.
"""

from inngest_kit.api import InngestAPI, InngestAPIError, Run, now_rfc3339, unique  # noqa: F401
from inngest_kit.apps import SERVE_PATH, ServedProcess  # noqa: F401
from inngest_kit.production import ProductionProcess, SelfHostedServer, sdk_signing_key  # noqa: F401
from inngest_kit.server import BuildError, DevServer, build, free_port  # noqa: F401

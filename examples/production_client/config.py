"""A start-up check that refuses to serve a half-configured Inngest client."""

import os

import inngest


class InngestConfigError(RuntimeError):
    """The app must not start: its Inngest configuration is unsafe or incomplete."""


# --8<-- [start:check_inngest_config]
def check_inngest_config(client: inngest.Inngest) -> str:
    """Return "cloud" or "dev"; raise InngestConfigError if serving would be unsafe.

    Call it before `inngest.fast_api.serve(...)`, at import time, so a bad deploy
    crashes at start-up instead of misbehaving on the first request or event.
    """
    problems = []
    if client.is_production:  # cloud mode: INNGEST_DEV unset, empty, "0" or "false"
        if not client.signing_key:
            problems.append("INNGEST_SIGNING_KEY is not set: Inngest's calls could not be verified")
        if not client.event_key:
            problems.append("INNGEST_EVENT_KEY is not set: sending events would fail")
        if not os.environ.get("INNGEST_SERVE_ORIGIN"):
            # An unsigned PUT to the serve endpoint is accepted in cloud mode
            # (out-of-band sync) and registers the app under the URL of *that*
            # request, Host header included. Pin the public origin instead (and
            # refuse unsigned syncs with INNGEST_ENABLE_UNAUTHED_SYNC=false).
            problems.append("INNGEST_SERVE_ORIGIN is not set: the app would register under any request's Host")
    elif client.signing_key or os.environ.get("INNGEST_SIGNING_KEY"):
        # A production secret next to the dev flag: the deploy meant cloud mode,
        # but INNGEST_DEV switches signature checks off and sends events to a
        # local dev server.
        problems.append("INNGEST_DEV is set although INNGEST_SIGNING_KEY is: unset INNGEST_DEV in production")
    if problems:
        raise InngestConfigError("refusing to serve Inngest functions: " + "; ".join(problems))
    return "cloud" if client.is_production else "dev"
# --8<-- [end:check_inngest_config]

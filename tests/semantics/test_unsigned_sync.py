"""Refusing unsigned syncs in production. In cloud mode the SDK accepts an
unsigned sync PUT by default (it then registers itself, signed with its own key;
test_production_client.py shows the consequence). With
INNGEST_ENABLE_UNAUTHED_SYNC=false the serve endpoint answers 401 to an unsigned
PUT and registers nothing; a PUT signed with the signing key still syncs.
Against the self-hosted server (`inngest start`)."""

import httpx
import pytest
from inngest._internal import net  # the SDK's own helper signs as the Inngest server does

from checks.catalog import REPO
from inngest_kit.production import ProductionProcess, SelfHostedServer, sdk_signing_key

pytestmark = [pytest.mark.integration, pytest.mark.security]

SLUG = "semantics-signed-sync-noop"


@pytest.fixture(scope="module")
def server(tmp_path_factory, inngest_binary):
    srv = SelfHostedServer(inngest_binary, workdir=tmp_path_factory.mktemp("inngest-start"))
    srv.start()
    yield srv
    srv.stop()


def test_unauthed_sync_off_refuses_an_unsigned_put_and_a_signed_one_syncs(server):
    api = server.api()
    key = sdk_signing_key(server.signing_key)
    env = {
        "INNGEST_SIGNING_KEY": key,
        "INNGEST_EVENT_KEY": server.event_key,
        "INNGEST_API_BASE_URL": server.url,
        "INNGEST_EVENT_API_BASE_URL": server.url,
        "INNGEST_ENABLE_UNAUTHED_SYNC": "false",
    }
    proc = ProductionProcess("tests.semantics.apps.signed_sync.main:app", api, {SLUG}, cwd=str(REPO),
                             pythonpath=[str(REPO)], env=env)
    proc.env["INNGEST_SERVE_ORIGIN"] = proc.url
    proc.start(sync=False)
    try:
        unsigned = httpx.put(proc.url + "/api/inngest", timeout=20)
        assert unsigned.status_code == 401, unsigned.text
        assert SLUG not in api.function_slugs()  # nothing was registered

        signed = httpx.put(proc.url + "/api/inngest", headers={"x-inngest-signature": net.sign_request(b"", key)},
                           timeout=20)
        assert signed.status_code == 200, signed.text
        assert SLUG in api.function_slugs()
    finally:
        proc.kill()
        api.close()

"""Which INNGEST_DEV values select dev mode (SDK only: inngest 0.5.19 reads the
variable when the client is built, env_lib.is_truthy). Only unset, empty, "0"
and "false" (any case, spaces trimmed) mean cloud mode; every other value means
dev mode, including "no", "off" and "production". A value that parses as a URL
is also the dev server's address."""

import inngest
import pytest
from inngest._internal import server_lib

DEV, CLOUD = server_lib.ServerKind.DEV_SERVER, server_lib.ServerKind.CLOUD


def mode_for(monkeypatch, value: str | None):
    if value is None:
        monkeypatch.delenv("INNGEST_DEV", raising=False)
    else:
        monkeypatch.setenv("INNGEST_DEV", value)
    monkeypatch.setenv("INNGEST_SIGNING_KEY", "signkey-prod-" + "0" * 64)
    client = inngest.Inngest(app_id="semantics-inngest-dev")
    return client._mode, client.api_origin


@pytest.mark.parametrize("value", [None, "", "0", "false", "False", "FALSE", " false "])
def test_only_unset_empty_0_and_false_select_cloud_mode(monkeypatch, value):
    assert mode_for(monkeypatch, value) == (CLOUD, "https://api.inngest.com/")


@pytest.mark.parametrize("value", ["1", "true", "yes", "no", "off", "production", "prod"])
def test_any_other_value_selects_dev_mode_even_no_and_off(monkeypatch, value):
    assert mode_for(monkeypatch, value) == (DEV, "http://127.0.0.1:8288/")


def test_a_url_selects_dev_mode_at_that_address(monkeypatch):
    assert mode_for(monkeypatch, "http://127.0.0.1:9999") == (DEV, "http://127.0.0.1:9999")

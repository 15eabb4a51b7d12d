"""Schema-driven: schemathesis generates requests from the reader's own OpenAPI description
(every API route and every page) and sends them over HTTP to the app serving 信阳日报
2020-01-27; none may be answered with a server error, and each answer is one the description
names (200, 400 or 404), JSON under /api/ and HTML elsewhere. Bounded and derandomized: the same
examples every run.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from web_support import live_reader

EXAMPLES = 40


@pytest.fixture(scope="module")
def web_schema(module_crawl, module_database, mongo_uri):
    assert module_crawl("paper=xinyang", "date=2020-01-27").returncode == 0
    with live_reader(mongo_uri, module_database) as url:
        yield schemathesis.openapi.from_url(url + "/openapi.json")


OPERATIONS = ["/api/papers", "/api/papers/{paper}/editions", "/api/editions/{paper}/{day}",
              "/api/pages/{paper}/{day}/{page}", "/api/articles/{ident}", "/api/search", "/", "/search",
              "/article/{ident}", "/{paper}/{day}/{page}", "/{paper}/{day}", "/{paper}"]


def test_the_description_lists_every_operation(web_schema):
    assert sorted(op.ok().path for op in web_schema.get_all_operations()) == sorted(OPERATIONS)


# Operations schemathesis can make invalid requests for (a value breaking a declared format or type
# that still fits in a URL); for the others every generated value is a valid one.
INVALID = ["/api/papers/{paper}/editions", "/api/editions/{paper}/{day}", "/api/pages/{paper}/{day}/{page}",
           "/api/search", "/search", "/{paper}"]
RUNS = [pytest.param(path, GenerationMode.POSITIVE, id=f"valid {path}") for path in OPERATIONS] + [
    pytest.param(path, GenerationMode.NEGATIVE, id=f"invalid {path}") for path in INVALID]


@pytest.mark.parametrize(("path", "mode"), RUNS)
def test_no_generated_request_gets_a_server_error(web_schema, path, mode):
    operation = web_schema.find_operation_by_label(f"GET {path}")

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call(timeout=30)
        assert response.status_code in (200, 400, 404), (case.formatted_path, case.query, response.status_code,
                                                         response.text[:300])
        kind = response.headers.get("content-type", [""])
        kind = kind[0] if isinstance(kind, list) else kind
        if path.startswith("/api/"):
            assert kind == "application/json"
            if response.status_code != 200:
                assert isinstance(response.json()["detail"], str) and response.json()["detail"]
        else:
            assert kind.startswith("text/html")

    check()

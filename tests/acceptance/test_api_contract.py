"""The OpenAPI description is the contract: valid, true to the server's validation, and checked by
Schemathesis against a served build (the slow test)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, serve_in_background

from webapp import create_app

PUB = "towards-a-global-partnership-2014"
TOKEN = "contract-test-token-0123456789"


@pytest.fixture(scope="module")
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS),
                       "ADMIN_TOKEN": TOKEN}).test_client()


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/api/openapi.json").get_json()


def test_the_description_is_valid_openapi_31(spec):
    from openapi_spec_validator import validate

    validate(spec)
    assert spec["openapi"] == "3.1.0"


def test_examples_are_real_ids_of_the_library(client, spec):
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    doc = params["doc"]["example"][0]
    entity = params["entity"]["example"][0]
    assert client.get("/api/search", query_string={"q": "cooperation", "doc": doc}).status_code == 200
    assert client.get(f"/api/entities/{entity}").status_code == 200


def test_every_operation_declares_its_errors_with_the_error_shape(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/Error"}, (method, path, status)


def test_admin_operations_declare_the_bearer_scheme_and_links_feed_ids(spec):
    admin = [(m, p) for p, ops in spec["paths"].items() for m, op in ops.items() if op.get("security")]
    assert sorted(admin) == [("delete", "/api/documents/{doc_id}"), ("get", "/api/jobs/{job_id}"),
                             ("post", "/api/documents"), ("post", "/api/reindex")]
    assert spec["components"]["securitySchemes"]["admin"]["scheme"] == "bearer"
    links = spec["paths"]["/api/entities"]["get"]["responses"]["200"]["links"]
    assert links["GetEntity"]["operationId"] == "getEntity"
    for method, path in admin:
        if method == "get":
            continue
        assert spec["paths"][path][method]["responses"]["202"]["links"]["GetJob"]["operationId"] == "getJob"


@pytest.mark.parametrize("method", ["put", "patch", "delete", "trace"])
def test_undeclared_methods_get_405_with_allow(client, method):
    r = client.open("/api/search", method=method.upper(), query_string={"q": "water"})
    assert r.status_code == 405
    assert set(r.headers["Allow"].split(", ")) >= {"GET", "HEAD", "OPTIONS"}
    assert r.get_json()["error"]["code"] == "method_not_allowed"


def test_head_and_options_behave_as_http_says(client):
    head = client.head("/api/search", query_string={"q": "water"})
    get = client.get("/api/search", query_string={"q": "water"})
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    options = client.options("/api/ask")
    assert options.status_code == 200 and {"GET", "POST"} <= set(options.headers["Allow"].split(", "))


def test_a_401_says_how_to_authenticate(client):
    r = client.post("/api/reindex")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("query,status,words", [
    ({"q": "water", "doc": "Not An Id"}, 400, "lower-case words"),
    ({"q": "water", "language": ""}, 400, "'language' must be one of"),
    ({"q": "water", "year": ""}, 400, "'year' must be a whole number"),
    ({"q": "water", "year": "2014.5"}, 400, "'year' must be a whole number"),
    ({"q": "water", "k": ""}, 400, "'k' must be a whole number"),
    ({"q": "water", "doc": ["a"] * 21}, 400, "at most 20"),
])
def test_filters_are_checked_as_the_schema_says(client, query, status, words):
    r = client.get("/api/search", query_string=query)
    assert r.status_code == status and words in r.get_json()["error"]["message"]


def test_entity_kind_must_be_a_kind(client):
    assert client.get("/api/entities", query_string={"kind": ""}).status_code == 400
    assert client.get("/api/entities", query_string={"kind": "agency"}).status_code == 200


def test_post_ask_takes_the_filters_of_get(client):
    question = "What does South-South cooperation complement?"
    doc = "ga-res-80-156-south-south-cooperation-2025"
    data = client.post("/api/ask", json={"question": question, "doc": doc, "year": 2025.0}).get_json()
    assert {h["doc_id"] for h in data["passages"]} == {doc}
    for body, words in [({"question": question, "doc": []}, "at least one"),
                        ({"question": question, "language": None}, "not null"),
                        ({"question": question, "year": "2025"}, "JSON number")]:
        r = client.post("/api/ask", json=body)
        assert r.status_code == 400 and words in r.get_json()["error"]["message"], body
    form = client.post("/api/ask", data={"question": question})  # a form, as curl -d sends one
    assert form.status_code == 415 and "application/json" in form.get_json()["error"]["message"]


def test_responses_match_their_schemas(client, spec):
    from jsonschema import Draft202012Validator

    components = spec["components"]["schemas"]

    def validator(name):
        schema = _local_refs({**components[name]})
        return Draft202012Validator({**schema, "$defs": _local_refs(components)})

    validator("SearchResult").validate(client.get("/api/search?q=triangular+cooperation").get_json())
    validator("Answer").validate(client.get("/api/ask?q=What+is+the+Yucatan+Agreement").get_json())
    validator("Answer").validate(client.get("/api/ask?q=How+many+nuclear+reactors+does+Mexico+run").get_json())
    validator("DocumentList").validate(client.get("/api/documents").get_json())
    detail = client.get("/api/documents/lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011").get_json()
    validator("DocumentDetail").validate(detail)
    assert detail["document"]["language"] == "es" and len(detail["pages"]) == detail["document"]["pages"]
    assert client.get(detail["pages"][0]["url"]).status_code == 200
    assert client.get("/api/documents/no-such-document").status_code == 404
    opened = client.get("/documents/lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011")
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/pages/" + detail["pages"][0]["label"])
    assert client.get("/documents/no-such-document").status_code == 404
    listed = client.get("/api/entities").get_json()
    validator("EntityList").validate(listed)
    validator("Entity").validate(client.get(f"/api/entities/{listed['entities'][0]['id']}").get_json())
    for name in ("UNDP", "pnud", "United Nations Development Programme"):  # a name or an alias finds it too
        found = client.get(f"/api/entities/{name}")
        assert found.status_code == 200 and found.get_json()["id"] == "united-nations-development-programme"
        validator("Entity").validate(found.get_json())
    assert client.get("/api/entities/no-such-agency-at-all").status_code == 404
    validator("Error").validate(client.get("/api/search?q=").get_json())


def _local_refs(schema):
    """The description's `#/components/schemas/X` references as `#/$defs/X`, for a standalone validator."""
    if isinstance(schema, dict):
        return {k: (v.replace("#/components/schemas/", "#/$defs/") if k == "$ref" else _local_refs(v))
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [_local_refs(v) for v in schema]
    return schema


@pytest.mark.slow
def test_schemathesis_finds_nothing_with_and_without_the_token(tmp_path):
    """`st run --checks all`, every phase (stateful too), against a served build of three real documents;
    with the token the admin operations upload, remove and re-index in a copy of the corpus."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (f"{PUB}.pdf", "ga-res-80-156-south-south-cooperation-2025.pdf",
                 "lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011.pdf"):
        shutil.copyfile(CORPUS / name, corpus / name)
    env = {**os.environ, "SSC_CORPUS_DIR": str(corpus), "SSC_INDEX_DIR": str(tmp_path / "index"),
           "SSC_ADMIN_TOKEN": TOKEN}
    subprocess.run([sys.executable, "-m", "ssc_search", "index"], env=env, check=True, capture_output=True)
    port, server = serve_in_background([], env)
    st = Path(sys.executable).parent / "st"
    url = f"http://127.0.0.1:{port}/api/openapi.json"
    try:
        for extra in ([], ["-H", f"Authorization: Bearer {TOKEN}"]):
            run = subprocess.run([str(st), "--config-file", str(ROOT / "tests" / "schemathesis.toml"), "run", url,
                                  "--checks", "all", "--workers", "1", "--seed", "20261128",
                                  *extra], capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False)
            summary = run.stdout[-3000:]
            assert run.returncode == 0, summary
            assert "passed" in summary and "failure" not in summary and "Errors:" not in summary, summary
    finally:
        server.terminate()
        server.wait(10)


def test_wrong_admin_tokens_are_rate_limited_per_client(corpus_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "ADMIN_TOKEN": TOKEN}).test_client()
    codes = [app.post("/api/reindex", headers={"Authorization": "Bearer wrong-guess-123456"},
                      environ_base={"REMOTE_ADDR": "10.9.8.7"}).status_code for _ in range(7)]
    assert codes == [401] * 5 + [429, 429]
    late = app.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert late.status_code == 429 and int(late.headers["Retry-After"]) > 0  # the right token waits too
    other = app.get("/api/jobs/0123456789ab", headers={"Authorization": f"Bearer {TOKEN}"},
                    environ_base={"REMOTE_ADDR": "10.9.8.6"})
    assert other.status_code == 404  # another address is not held back


def test_only_an_upload_may_send_a_large_body(client):
    big = b'{"question": "' + b"x" * 70_000 + b'"}'
    r = client.post("/api/ask", data=big, content_type="application/json")
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "too_large"
    small = client.post("/api/ask", json={"question": "What is the Yucatán Agreement?"})
    assert small.status_code == 200

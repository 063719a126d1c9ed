"""The OpenAPI document at /api/openapi.json: JSON, OpenAPI 3, only for logged-in callers."""

import json

import pytest

from chengjie.core.testing import login_as

from .helpers import bearer

pytestmark = pytest.mark.django_db


def test_openapi_document_is_json_openapi_3_with_the_api_paths(client, cast):
    login_as(client, cast.clerk_a)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "chengjie 承接 API"
    assert "/api/me" in document["paths"]
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


def test_openapi_document_is_json_even_when_the_client_asks_for_yaml(client, cast):
    login_as(client, cast.clerk_a)
    response = client.get("/api/openapi.json", HTTP_ACCEPT="application/yaml, */*")
    assert response.status_code == 200
    assert json.loads(response.content)["openapi"].startswith("3.")


def test_openapi_document_is_served_to_a_bearer_token(client, cast):
    _, headers = bearer(cast.bureau)
    response = client.get("/api/openapi.json", **headers)
    assert response.status_code == 200


def test_anonymous_caller_gets_401_with_the_bearer_challenge(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_openapi_document_validates_without_generator_warnings(tmp_path):
    """drf-spectacular's own validation against the OpenAPI 3 schema; any endpoint it cannot describe
    (a missing serializer, an unknown authentication class) fails here."""
    from django.core.management import call_command

    target = tmp_path / "openapi.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target))
    assert json.loads(target.read_text())["paths"]["/api/me"]["get"]["security"] == [{"bearerAuth": []},
                                                                                      {"cookieAuth": []}]
